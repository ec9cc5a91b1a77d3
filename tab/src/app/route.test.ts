import { describe, expect, it } from 'vitest';
import { guessHosts, readStartupParams } from '../host/detect-host.js';
import { formatPageUrl, readPage } from './route.js';

describe('readPage', () => {
  it('reads the view parameter in a browser, the side panel by default', () => {
    expect(readPage('', 'browser')).toBe('side-panel');
    expect(readPage('?view=stage', 'browser')).toBe('stage');
    expect(readPage('?view=config', 'browser')).toBe('config');
    expect(readPage('?view=chat', 'browser')).toBe('before-after');
    expect(readPage('?view=details', 'browser')).toBe('before-after');
    expect(readPage('?view=nonsense', 'browser')).toBe('side-panel');
  });

  it("lets Teams' frame context decide the panel, the stage and the settings page", () => {
    expect(readPage('?view=side-panel', 'meetingStage')).toBe('stage');
    expect(readPage('?view=stage', 'sidePanel')).toBe('side-panel');
    expect(readPage('', 'settings')).toBe('config');
    expect(readPage('', 'content')).toBe('before-after');
    expect(readPage('?view=config', 'content')).toBe('config');
  });

  it('formats page URLs that keep the host parameter', () => {
    expect(formatPageUrl('https://grow.example', '?host=teams', 'stage')).toBe(
      'https://grow.example/?host=teams&view=stage',
    );
  });
});

describe('guessHosts', () => {
  const env = { userAgent: 'Mozilla/5.0 Chrome/130', isFramed: false, hasNativeBridge: false };
  const params = readStartupParams('');

  it('takes a top-level page for a plain browser, with no host SDK to wait for', () => {
    expect(guessHosts(params, env)).toEqual(['browser']);
  });

  it('tries Teams first in a frame, then falls back to the browser', () => {
    expect(guessHosts(params, { ...env, isFramed: true })).toEqual(['teams', 'browser']);
  });

  it("tries Zoom in Zoom's embedded browser", () => {
    const zoomAgent = 'Mozilla/5.0 ZoomWebKit/537.36 (KHTML, like Gecko) ZoomApps/1.0';
    expect(guessHosts(params, { ...env, userAgent: zoomAgent })).toEqual(['zoom', 'browser']);
  });

  it('obeys ?host= and reads the demo parameters', () => {
    const forced = readStartupParams('?host=browser&user=demo-ana&meeting=demo-1&theme=dark');
    expect(guessHosts(forced, { ...env, isFramed: true })).toEqual(['browser']);
    expect(forced).toMatchObject({ user: 'demo-ana', meeting: 'demo-1', theme: 'dark' });
    expect(readStartupParams('?theme=purple&host=skype')).toMatchObject({
      theme: null,
      host: null,
    });
  });
});
