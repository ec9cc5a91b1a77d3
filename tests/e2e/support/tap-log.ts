// What the observer's taps should add up to, worked out from the moments the test pressed the
// buttons (on the server's clock), independently of the panel and of core: a tap on a person
// closes whatever span is open and opens theirs; silence closes it. The summary must then agree
// with these spans within TAP_TOLERANCE_MS per span (a tap lands somewhere inside the window the
// test measured around the click).

export const TAP_TOLERANCE_MS = 200;

export interface Span {
  readonly personId: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface ExpectedAirtime {
  readonly talkMs: number;
  readonly spans: number;
  readonly turns: number;
}

export class TapLog {
  private readonly closed: Span[] = [];
  private open: { personId: string; startMs: number } | null = null;
  /** The widest window between "before the press" and "after it", for failure messages. */
  widestWindowMs = 0;

  /** Records a press that happened between `beforeMs` and `afterMs`. */
  speaks(personId: string, beforeMs: number, afterMs: number): void {
    const atMs = this.readMoment(beforeMs, afterMs);
    this.close(atMs);
    this.open = { personId, startMs: atMs };
  }

  silence(beforeMs: number, afterMs: number): void {
    this.close(this.readMoment(beforeMs, afterMs));
  }

  get isSpeaking(): boolean {
    return this.open !== null;
  }

  get spans(): readonly Span[] {
    return this.closed;
  }

  /** Per person: talk, spans and turns (runs of consecutive spans by the same person). */
  expected(): Map<string, ExpectedAirtime> {
    if (this.open !== null) throw new Error('A span is still open: tap silence first.');
    const result = new Map<string, ExpectedAirtime>();
    const ordered = [...this.closed].sort((a, b) => a.startMs - b.startMs);
    let previous: string | null = null;
    for (const span of ordered) {
      const current = result.get(span.personId) ?? { talkMs: 0, spans: 0, turns: 0 };
      result.set(span.personId, {
        talkMs: current.talkMs + (span.endMs - span.startMs),
        spans: current.spans + 1,
        turns: current.turns + (previous === span.personId ? 0 : 1),
      });
      previous = span.personId;
    }
    return result;
  }

  private close(atMs: number): void {
    if (this.open === null) return;
    this.closed.push({ personId: this.open.personId, startMs: this.open.startMs, endMs: atMs });
    this.open = null;
  }

  private readMoment(beforeMs: number, afterMs: number): number {
    this.widestWindowMs = Math.max(this.widestWindowMs, afterMs - beforeMs);
    return (beforeMs + afterMs) / 2;
  }
}
