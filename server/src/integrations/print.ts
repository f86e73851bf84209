import type * as Y from 'yjs'
import {
  BUYING_ROLES,
  consensusMeter,
  listMilestones,
  listStakeholders,
  listTasks,
  milestoneSignoff,
  planProgress,
  readMeta,
  roots,
  type Stakeholder,
} from '../../../shared/src/room/index.ts'
import { businessCaseHtml, escapeHtml } from './business-case-html.ts'

/** Paper sizes the printable room is laid out for. */
export const PAPERS = ['a4', 'letter'] as const
export type Paper = (typeof PAPERS)[number]

const PAGE_SIZE: Record<Paper, string> = { a4: 'A4', letter: 'letter' }

const STATUS: Record<string, string> = {
  todo: 'To do',
  doing: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  planned: 'Planned',
  active: 'Active',
}

const day = (date: string | null) =>
  date
    ? new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '—'

const roleLabel = (role: string) => role.replace(/-/g, ' ')

/**
 * The printable room: what the champion takes into the approval meeting — the business case,
 * the plan with owners and dates, consensus and sign-off, the stakeholders — as one page of HTML
 * with print CSS for A4 or Letter. The web app opens it to print; `export.pdf` prints this same
 * page with headless Chromium. Read from the stored room document (the shared one only: nothing
 * of the seller team's internal space), no script, nothing loaded from elsewhere.
 */
export function printableRoom(
  doc: Y.Doc,
  room: { url: string; printedAt: number },
  paper: Paper,
): string {
  const meta = readMeta(doc)
  const stakeholders = listStakeholders(doc)
  const byId = new Map(stakeholders.map((each) => [each.id, each]))
  const nameOf = (id: string | null) => (id ? (byId.get(id)?.name ?? '—') : 'Unassigned')
  const tasks = listTasks(doc)
  const progress = planProgress(tasks)
  const meter = consensusMeter(doc)

  const plan = listMilestones(doc)
    .map((milestone) => {
      const signoff = milestoneSignoff(doc, milestone)
      const rows = tasks
        .filter((task) => task.milestoneId === milestone.id)
        .map(
          (task) => `<tr class="${task.status === 'done' ? 'done' : ''}">
  <td>${task.status === 'done' ? '☑' : '☐'} ${escapeHtml(task.title)}</td>
  <td>${escapeHtml(nameOf(task.ownerId))}</td>
  <td>${escapeHtml(task.side)}</td>
  <td class="nowrap">${escapeHtml(day(task.dueDate))}</td>
  <td>${escapeHtml(STATUS[task.status] ?? task.status)}</td>
</tr>`,
        )
        .join('\n')
      const signoffLine =
        milestone.signoffBy.length === 0
          ? ''
          : `<p class="signoff">Sign-off: ${signoff.signers
              .map(
                (person) =>
                  `${escapeHtml(person.stakeholder.name)} (${escapeHtml(person.mark?.stance ?? 'not yet')})`,
              )
              .join(', ')}${signoff.signedOff ? ' — <strong>signed off</strong>' : ''}</p>`
      return `<section class="milestone">
<h3>${escapeHtml(milestone.title)} <span class="muted">· due ${escapeHtml(day(milestone.dueDate))} · ${escapeHtml(STATUS[milestone.status] ?? milestone.status)}</span></h3>
${signoffLine}
${rows ? `<table><thead><tr><th>Task</th><th>Owner</th><th>Side</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No tasks.</p>'}
</section>`
    })
    .join('\n')

  const counts = (c: { agree: number; concern: number; block: number; silent: number }) =>
    `${c.agree} agree · ${c.concern} concern · ${c.block} block · ${c.silent} not yet`
  const consensus = `<p>Business case: ${counts(meter.businessCase.counts)} (buying group of ${meter.groupSize})</p>
${
  meter.items.length > 0
    ? `<ul>${meter.items
        .filter((item) => item.kind !== 'business-case')
        .map((item) => `<li>${escapeHtml(item.label)}: ${counts(item.consensus.counts)}</li>`)
        .join('')}</ul>`
    : ''
}
${
  meter.objections.length > 0
    ? `<h3>Open concerns and blocks</h3><ul>${meter.objections
        .map(
          ({ item, mark }) =>
            `<li><strong>${escapeHtml(mark.stance)}</strong> on ${escapeHtml(item.label)}${mark.note ? `: “${escapeHtml(mark.note)}”` : ''}</li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">No open concerns or blocks.</p>'
}`

  const order = (each: Stakeholder) => BUYING_ROLES.indexOf(each.buyingRole)
  const people = [...stakeholders]
    .sort(
      (a, b) => a.side.localeCompare(b.side) || order(a) - order(b) || a.name.localeCompare(b.name),
    )
    .map(
      (each) =>
        `<tr><td>${escapeHtml(each.name)}</td><td>${escapeHtml(each.title)}</td><td>${escapeHtml(each.side)}</td><td>${escapeHtml(roleLabel(each.buyingRole))}</td><td>${escapeHtml(each.stance)}</td></tr>`,
    )
    .join('\n')

  const printed = new Date(room.printedAt).toISOString().slice(0, 10)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(meta.title)} — deal room</title>
<style>
@page { size: ${PAGE_SIZE[paper]}; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "DejaVu Sans", system-ui, sans-serif; color: #1b1f27; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
@media print { main { max-width: none; margin: 0; padding: 0; } .screen-only { display: none; } }
header { border-bottom: 2px solid #1b1f27; padding-bottom: 8pt; margin-bottom: 12pt; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.muted { color: #5d6676; font-weight: normal; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; }
th, td { text-align: left; vertical-align: top; padding: 3pt 5pt; border-bottom: 0.5pt solid #c9ced6; }
th { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.03em; color: #5d6676; }
tr { break-inside: avoid; }
tr.done td { color: #5d6676; }
.nowrap { white-space: nowrap; }
.milestone { break-inside: avoid-page; }
.signoff { margin: 0 0 4pt; }
.business-case { border-left: 3pt solid #e3e6ea; padding-left: 10pt; }
.mention { font-weight: 600; }
section.part { break-before: auto; }
</style></head>
<body><main>
<p class="screen-only muted">Print this page (Ctrl+P or ⌘P) for A4 or Letter; it is laid out for paper.</p>
<header>
<h1>${escapeHtml(meta.title)}</h1>
<div>${escapeHtml(meta.buyerOrg || 'Buyer')} ↔ ${escapeHtml(meta.sellerOrg || 'Seller')} · target close ${escapeHtml(day(meta.targetCloseDate))}${meta.stage ? ` · ${escapeHtml(meta.stage)}` : ''}</div>
<div class="muted">Plan ${progress.done} of ${progress.total} tasks done · printed ${printed} · ${escapeHtml(room.url)}</div>
</header>
<section class="part"><h2>Business case</h2><div class="business-case">${businessCaseHtml(roots.businessCase(doc))}</div></section>
<section class="part"><h2>Plan</h2>${plan || '<p class="muted">No milestones yet.</p>'}</section>
<section class="part"><h2>Consensus and sign-off</h2>${consensus}</section>
<section class="part"><h2>Stakeholders</h2>${people ? `<table><thead><tr><th>Name</th><th>Title</th><th>Side</th><th>Role</th><th>Stance</th></tr></thead><tbody>${people}</tbody></table>` : '<p class="muted">No stakeholders yet.</p>'}</section>
</main></body></html>`
}
