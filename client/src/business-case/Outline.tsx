import { useEffect, useState } from 'react'
import { isSellerRole } from '../../../shared/src/access.ts'
import type { SectionRead } from '../../../shared/src/api/conversation.ts'
import { conversation } from '../../../shared/src/api/index.ts'
import {
  consensusKeys,
  importantSectionIds,
  listSections,
  setSectionImportant,
} from '../../../shared/src/room/index.ts'
import { call } from '../api.ts'
import { CommentButton, ConsensusControl } from '../conversation/Consensus.tsx'
import { useOpenCounts } from '../conversation/model.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'

export function scrollToSection(sectionId: string): void {
  const heading = document.querySelector(`.prose [data-section-id="${CSS.escape(sectionId)}"]`)
  heading?.scrollIntoView({ behavior: 'smooth', block: 'start' })
}

function useImportant(): string[] {
  const { connection } = useRoom()
  const internal = connection.internalDoc
  const [version, setVersion] = useState(0)
  useEffect(() => {
    if (!internal) return
    const bump = () => setVersion((v) => v + 1)
    internal.on('update', bump)
    return () => internal.off('update', bump)
  }, [internal])
  void version
  return internal ? importantSectionIds(internal) : []
}

/** The seller's view of who has not seen the latest version of the sections they watch. */
function useSectionReads(enabled: boolean): SectionRead[] | null {
  const { details, connection } = useRoom()
  const [reads, setReads] = useState<SectionRead[] | null>(null)
  useEffect(() => {
    if (!enabled) return
    let cancelled = false
    let timer = 0
    const load = () => {
      call(conversation.listSectionReads, { params: { roomId: details.room.id } }).then(
        (result) => !cancelled && setReads(result.sections),
        () => undefined,
      )
    }
    // Edits make versions stale and reading makes them current: look again a little later.
    const later = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(load, 5000)
    }
    load()
    connection.doc.on('update', later)
    connection.awareness.on('change', later)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
      connection.doc.off('update', later)
      connection.awareness.off('change', later)
    }
  }, [enabled, details.room.id, connection])
  return reads
}

/**
 * Beside the business case: its sections, each with its comments and everyone's agreement, the
 * business case as a whole on top. The seller team can mark sections as important and see who
 * has not read their latest version.
 */
export function Outline() {
  const { connection, details } = useRoom()
  const sections = useDocValue(listSections)
  const counts = useOpenCounts()
  const important = useImportant()
  const sellerTeam = connection.internalDoc !== null
  const reads = useSectionReads(sellerTeam && important.length > 0)
  const members = new Set(details.members.map((member) => member.personId))

  return (
    <aside className="outline" aria-label="Sections, comments and agreement">
      <h3 className="outline__title">Agreement on the whole business case</h3>
      <ConsensusControl itemKey={consensusKeys.businessCase} label="the business case" compact />
      <h3 className="outline__title">Sections</h3>
      <ol className="outline__sections">
        {sections.map((section) => {
          const watched = important.includes(section.id)
          const read = reads?.find((entry) => entry.sectionId === section.id)
          const stale =
            read && read.lastEditedAt !== null
              ? details.members
                  .filter((member) => !isSellerRole(member.role))
                  .filter((member) => member.joinedAt !== null && members.has(member.personId))
                  .filter(
                    (member) =>
                      !read.readers.some(
                        (reader) => reader.personId === member.personId && reader.current,
                      ),
                  )
              : []
          return (
            <li key={section.id} className="outline__section" data-outline-section={section.id}>
              <div className="outline__head">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => scrollToSection(section.id)}
                >
                  {section.title || section.id}
                </button>
                {sellerTeam && connection.internalDoc && (
                  <button
                    type="button"
                    className={`star${watched ? ' star--on' : ''}`}
                    aria-pressed={watched}
                    aria-label={`Important: ${section.title}`}
                    title="Important to the seller team (buyers do not see this)"
                    onClick={() =>
                      connection.internalDoc &&
                      setSectionImportant(connection.internalDoc, section.id, !watched)
                    }
                  >
                    {watched ? '★' : '☆'}
                  </button>
                )}
                <CommentButton
                  anchor={{ kind: 'section', id: section.id }}
                  label={section.title || section.id}
                  count={counts.get(`section:${section.id}`) ?? 0}
                />
              </div>
              <ConsensusControl
                itemKey={consensusKeys.section(section.id)}
                label={section.title || section.id}
                compact
              />
              {watched && read && (
                <p
                  className={`outline__reads small${stale.length === 0 ? ' outline__reads--ok' : ''}`}
                >
                  {stale.length === 0
                    ? 'Every buyer in the room has seen the latest version.'
                    : `Not seen the latest version: ${stale.map((member) => member.name).join(', ')}`}
                </p>
              )}
            </li>
          )
        })}
      </ol>
    </aside>
  )
}
