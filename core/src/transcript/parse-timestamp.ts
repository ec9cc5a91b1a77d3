// WebVTT timestamps: `[hh:]mm:ss.ttt`. Graph writes them unpadded (`0:0:5.32`), so every part
// takes one digit or more; the fraction is decimal (`.32` is 320 ms), cut to whole milliseconds.
// No regular expression: a hostile line stays linear.

export interface ParsedTimestamp {
  readonly ms: number;
  /** Written the standard way: `hh:mm:ss.ttt` (two or more hour digits) or `mm:ss.ttt`. */
  readonly isPadded: boolean;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Longer digit runs cannot be a meeting time; refusing them keeps every sum a safe integer. */
const MAX_DIGITS = 9;

function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > MAX_DIGITS) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

export function parseTimestamp(text: string): ParsedTimestamp | null {
  const parts = text.split(':');
  if (parts.length !== 2 && parts.length !== 3) return null;
  const hasHours = parts.length === 3;
  const hoursText = hasHours ? (parts[0] ?? '') : '0';
  const minutesText = parts[parts.length - 2] ?? '';
  const secondsPart = parts[parts.length - 1] ?? '';
  const dot = secondsPart.indexOf('.');
  const secondsText = dot === -1 ? secondsPart : secondsPart.slice(0, dot);
  const fractionText = dot === -1 ? '' : secondsPart.slice(dot + 1);

  if (!isDigits(hoursText) || !isDigits(minutesText) || !isDigits(secondsText)) return null;
  if (dot !== -1 && !isDigits(fractionText)) return null;
  const hours = Number(hoursText);
  const minutes = Number(minutesText);
  const seconds = Number(secondsText);
  // Without hours, minutes may run past 59 (some tools write `75:00.000`); with hours they may not.
  if (seconds > 59 || (hasHours && minutes > 59)) return null;
  const millis = fractionText === '' ? 0 : Number(fractionText.slice(0, 3).padEnd(3, '0'));

  const isPadded =
    (!hasHours || hoursText.length >= 2) &&
    minutesText.length === 2 &&
    secondsText.length === 2 &&
    fractionText.length === 3;
  return { ms: hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1_000 + millis, isPadded };
}
