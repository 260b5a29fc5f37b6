// Timers on a manual clock for the transport tests: `set`/`clear` as the code under test
// calls them, `advance(ms)` runs what falls due, in order.

export class FakeTimers {
  constructor() {
    this.now = 0;
    this.pending = new Map();
    this.nextID = 1;
  }

  set(fn, ms) {
    const id = this.nextID++;
    this.pending.set(id, { fn, at: this.now + ms });
    return id;
  }

  clear(id) {
    this.pending.delete(id);
  }

  advance(ms) {
    this.now += ms;
    for (const [id, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now && this.pending.has(id)) {
        this.pending.delete(id);
        timer.fn();
      }
    }
  }
}
