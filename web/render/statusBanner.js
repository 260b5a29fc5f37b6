// The connection's state, always shown in a small badge, and a banner for everything but
// playing: "Connecting…", "Reconnecting in 3 s…" or why the server closed the connection,
// with a button to try again at once.

export class StatusBanner {
  /**
   * @param {object} elements { banner, text, retry (button), badge }
   * @param {() => void} onRetry
   */
  constructor({ banner, text, retry, badge }, onRetry) {
    this.banner = banner;
    this.badge = badge;
    this.text = text;
    this.retry = retry;
    retry.addEventListener('click', () => onRetry());
  }

  /** state: a SessionState; message: the sentence to show ('' hides the banner). */
  show(state, message, carrier = '') {
    this.banner.hidden = message === '';
    this.banner.dataset.state = state;
    if (this.text.textContent !== message) this.text.textContent = message;
    this.retry.hidden = !(state === 'reconnecting' || state === 'closed');
    this.badge.dataset.state = state;
    // Which carrier holds the game (WebSocket, long-polling…) is shown with the state.
    const label = carrier ? `${state} · ${carrier}` : state;
    if (this.badge.textContent !== label) this.badge.textContent = label;
  }
}
