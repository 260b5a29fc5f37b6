// Which carrier the next connection attempt uses: a plain WebSocket while WebSocket works,
// Engine.IO long-polling (engineioSocket.js, which upgrades to a WebSocket by itself when it
// can) once it has shown that it does not. Kept apart from Transport so that the rule is
// one small, tested table: no WebSocket in the page, a WebSocket attempt that errors or
// closes before opening, or one that opens but stays silent, all switch to polling, and the
// switch is for good (polling finds its own way back to a WebSocket through the upgrade).

export const Carrier = Object.freeze({
  webSocket: 'websocket',
  engineIO: 'engineio',
});

export class TransportChoice {
  /**
   * @param {object} options
   * @param {boolean} options.webSocketAvailable whether the page has a WebSocket constructor
   * @param {boolean} options.fallbackAvailable whether there is an Engine.IO address to fall back to
   */
  constructor({ webSocketAvailable, fallbackAvailable }) {
    this.fallbackAvailable = fallbackAvailable;
    this.kind = webSocketAvailable || !fallbackAvailable ? Carrier.webSocket : Carrier.engineIO;
    /** Why polling was chosen, for the HUD; null while on WebSocket. */
    this.reason = this.kind === Carrier.engineIO ? 'this browser has no WebSocket' : null;
  }

  /** A WebSocket attempt failed before it opened (error, close or connect time-out). */
  failedBeforeOpen() {
    this.#fallBack('the WebSocket did not open');
  }

  /** A WebSocket opened but nothing came through it in time. */
  stayedSilent() {
    this.#fallBack('the WebSocket opened but stayed silent');
  }

  #fallBack(reason) {
    if (this.kind !== Carrier.webSocket || !this.fallbackAvailable) return;
    this.kind = Carrier.engineIO;
    this.reason = reason;
  }
}

/**
 * What carries the game, in words for the badge and the HUD: "WebSocket", "long-polling",
 * or "long-polling → WebSocket" once an Engine.IO session has upgraded.
 */
export function carrierLabel(kind, socketTransport) {
  if (kind === Carrier.webSocket) return 'WebSocket';
  return socketTransport === 'websocket' ? 'long-polling → WebSocket' : 'long-polling';
}
