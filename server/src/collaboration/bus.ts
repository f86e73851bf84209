import { EventEmitter } from 'node:events'
import type { EngagementEvent } from '../storage/storage.ts'

/** In-process publication of engagement events, for alerts, insights refreshes and webhooks. */
export class SignalBus {
  private readonly emitter = new EventEmitter()

  publish(event: EngagementEvent): void {
    this.emitter.emit('event', event)
  }

  subscribe(listener: (event: EngagementEvent) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }
}
