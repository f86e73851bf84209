import { roomUrl } from '../collaboration/rooms.ts'
import type { OutboxEvent } from '../storage/storage.ts'

/**
 * The JSON body of a delivery: `{ type, timestamp, data }`, `data` as recorded with the room's
 * link added. Made the same way on every attempt and replay, so its signature is reproducible.
 */
export function webhookBody(event: OutboxEvent, publicUrl: string): string {
  const room = (event.data.room ?? {}) as Record<string, unknown>
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.at).toISOString(),
    data: { ...event.data, room: { ...room, url: roomUrl(publicUrl, event.roomId) } },
  })
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const field = (data: Record<string, unknown>, key: string, inner: string): string =>
  str(((data[key] ?? {}) as Record<string, unknown>)[inner])

/** Slack's mrkdwn escapes `&`, `<` and `>`. */
const slackEscape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

/** A line a person reads in Slack (incoming webhook: `{ text }`), with a link into the room. */
export function slackMessage(event: OutboxEvent, publicUrl: string): string {
  const data = event.data
  const room = slackEscape(field(data, 'room', 'title') || event.roomId)
  const who = slackEscape(field(data, 'person', 'name') || 'Someone')
  const link = `<${roomUrl(publicUrl, event.roomId)}|Open the room>`
  const line = (() => {
    switch (event.type) {
      case 'alert.raised':
        return `:warning: *${room}*: ${slackEscape(field(data, 'alert', 'message') || 'an alert was raised')}`
      case 'milestone.signed_off':
        return `:white_check_mark: *${room}*: “${slackEscape(field(data, 'milestone', 'title'))}” is signed off`
      case 'deal.health_changed':
        return `*${room}*: deal health is now ${String((data.health as { score?: unknown } | undefined)?.score ?? '?')}`
      case 'consensus.marked':
        return `*${room}*: ${who} marked ${slackEscape(str(data.stance))}${data.note ? `: “${slackEscape(str(data.note))}”` : ''}`
      case 'task.completed':
        return `*${room}*: ${who} completed “${slackEscape(field(data, 'task', 'title'))}”`
      default:
        return `*${room}*: ${slackEscape(event.type)} (${who})`
    }
  })()
  return JSON.stringify({ text: `${line} — ${link}` })
}
