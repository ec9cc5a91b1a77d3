import { useEffect, useRef, useState } from 'react';
import { currentStage, type SessionState } from '@grow-together/core';
import { messages } from '../../messages/index.js';

const text = messages.features.stageCard;

/**
 * What the live region says: the session starting, each stage change, a pause, a resume, the end,
 * and once per stage run the moment its time-box is reached. Nothing on the first render (a panel
 * opened mid-session has nothing new to say), and the clock's ticking is never announced.
 */
export function useStageAnnouncements(state: SessionState, isOverrun: boolean): string {
  const [message, setMessage] = useState('');
  const seen = useRef<{ status: string; runs: number; overrunRun: number } | null>(null);
  const runs = state.timeline.length;
  const stage = currentStage(state);
  const count = state.framework.stages.length;
  const number = state.stageIndex + 1;

  useEffect(() => {
    const before = seen.current;
    seen.current = {
      status: state.status,
      runs,
      overrunRun: isOverrun ? runs : (before?.overrunRun ?? -1),
    };
    if (before === null) {
      // A panel opened when the stage is already over its time-box should not announce it later.
      if (isOverrun) seen.current = { ...seen.current, overrunRun: runs };
      return;
    }
    const name = stage?.name ?? '';
    if (state.status === 'ended' && before.status !== 'ended') setMessage(text.announceEnded);
    else if (before.status === 'not-started' && state.status !== 'not-started') {
      setMessage(text.announceStarted(name, number, count));
    } else if (runs !== before.runs) setMessage(text.announceStage(name, number, count));
    else if (state.status === 'paused' && before.status === 'running') {
      setMessage(text.announcePaused);
    } else if (state.status === 'running' && before.status === 'paused') {
      setMessage(text.announceResumed);
    } else if (isOverrun && before.overrunRun !== runs) setMessage(text.announceOverrun(name));
  }, [state.status, runs, isOverrun, stage, number, count]);

  return message;
}
