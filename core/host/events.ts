import { events, type EventName, type EventPayload } from '../contract';
import type { Logger } from '../shared/logger';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Typed event fan-out from core to every connected host. Payloads are validated before they leave. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      this.logger.error('event payload does not match the contract', { event, issues: parsed.error.issues.slice(0, 5) });
      return;
    }
    for (const l of this.listeners) {
      try {
        l(event, parsed.data as EventPayload<E>);
      } catch (e) {
        this.logger.error('event listener threw', { event, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
}
