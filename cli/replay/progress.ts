/**
 * Progress of a long replay on stderr: a bar redrawn in place on a terminal, a plain line now and
 * then otherwise (a log file, CI), and nothing at all for a run that ends before it is long.
 */

export interface ProgressOptions {
  /** Where the progress goes (stderr). */
  write: (text: string) => void;
  /** Whether `write` goes to a terminal: a bar redrawn in place; otherwise plain lines. */
  isTTY: boolean;
  /**
   * The clock (ms).
   * @default Date.now
   */
  now?: () => number;
  /**
   * Nothing is shown before the run has lasted this long (ms).
   * @default 2000
   */
  afterMs?: number;
  /**
   * Plain lines (not a terminal) at most this often (ms).
   * @default 10000
   */
  everyMs?: number;
}

const BAR = 30;
/** A terminal's bar is redrawn at most this often (ms). */
const REDRAW_MS = 100;
const count = (n: number): string => n.toLocaleString("en");

/** One run's progress: `update` as work is done (cheap to call often), `end` once. */
export class Progress {
  private readonly now: () => number;
  private readonly began: number;
  private readonly afterMs: number;
  private readonly everyMs: number;
  private lastShown = Number.NEGATIVE_INFINITY;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.began = this.now();
    this.afterMs = options.afterMs ?? 2000;
    this.everyMs = options.everyMs ?? 10_000;
  }

  /**
   * `done` of `total` `unit` (events, scenarios…) done; `what` says what is being done. It reads the
   * clock: on a hot path, call it every few thousand items.
   */
  update(done: number, total: number, unit: string, what = ""): void {
    const t = this.now();
    if (t - this.began < this.afterMs) return;
    if (t - this.lastShown < (this.options.isTTY ? REDRAW_MS : this.everyMs)) return;
    this.lastShown = t;
    this.shown = true;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    const label = what === "" ? "" : ` ${what}`;
    if (this.options.isTTY) {
      const filled = Math.round(share * BAR);
      this.options.write(
        `\r[${"#".repeat(filled)}${".".repeat(BAR - filled)}] ${percent} ${count(done)}/${count(total)} ${unit}${label}`.padEnd(
          100,
        ),
      );
    } else
      this.options.write(
        `replay: ${percent.trim()} (${count(done)} of ${count(total)} ${unit})${label}, ${this.seconds(t)}\n`,
      );
  }

  /** The run is over: ends the bar's line, or says how long a run that showed progress took. */
  end(summary: string): void {
    if (!this.shown) return;
    const t = this.now();
    if (this.options.isTTY)
      this.options.write(`\r${`replay: ${summary} in ${this.seconds(t)}`.padEnd(100)}\n`);
    else this.options.write(`replay: ${summary} in ${this.seconds(t)}\n`);
  }

  private seconds(t: number): string {
    return `${Math.round((t - this.began) / 1000)} s`;
  }
}
