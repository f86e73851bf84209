import { useCallback, useEffect, useState } from 'react'
import type { AnswerOf } from '../../../shared/src/api/endpoint.ts'
import { workspace } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { navigate } from '../router.ts'
import { formatDay } from '../ui/dates.ts'

export type TemplateListing = AnswerOf<typeof workspace.listTeamTemplates>

const BUILT_IN_LABELS: Record<string, string> = {
  standard: 'Full evaluation (5 milestones)',
  pilot: 'Pilot (3 milestones)',
}

/** The templates a room can start from, loaded once per page; reload after a change. */
export function useTemplates(): { listing: TemplateListing | null; reload: () => void } {
  const [listing, setListing] = useState<TemplateListing | null>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let cancelled = false
    void version
    call(workspace.listTeamTemplates).then(
      (fresh) => !cancelled && setListing(fresh),
      () => !cancelled && setListing(null),
    )
    return () => {
      cancelled = true
    }
  }, [version])
  const reload = useCallback(() => setVersion((value) => value + 1), [])
  return { listing, reload }
}

/** The template picker of the creation form: built-in and saved, the team's default first chosen. */
export function TemplateSelect({
  listing,
  value,
  onChange,
}: {
  listing: TemplateListing | null
  value: string | null
  onChange: (name: string) => void
}) {
  const chosen = value ?? listing?.default ?? 'standard'
  const mark = (name: string) => (name === listing?.default ? ' — default' : '')
  return (
    <select aria-label="Template" value={chosen} onChange={(event) => onChange(event.target.value)}>
      <optgroup label="Built in">
        {(listing?.builtIn ?? [{ name: 'standard' }, { name: 'pilot' }]).map((template) => (
          <option key={template.name} value={template.name}>
            {(BUILT_IN_LABELS[template.name] ?? template.name) + mark(template.name)}
          </option>
        ))}
      </optgroup>
      {listing && listing.saved.length > 0 && (
        <optgroup label="Team templates">
          {listing.saved.map((template) => (
            <option key={template.id} value={template.name}>
              {template.name + mark(template.name)}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  )
}

/** The team's saved templates: edit one in the room editor, make it the default, delete it. */
export function TeamTemplates({
  listing,
  reload,
}: {
  listing: TemplateListing | null
  reload: () => void
}) {
  const [problem, setProblem] = useState<string | null>(null)
  if (!listing) return null
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null)
    try {
      await work()
      reload()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That did not work.')
    }
  }
  return (
    <section className="team-templates" aria-labelledby="team-templates-heading">
      <h2 id="team-templates-heading">Team templates</h2>
      {listing.saved.length === 0 ? (
        <p className="muted">
          No saved templates yet. In a room, open the Deal menu and choose “Save template”: its
          plan, business-case outline and stakeholder roles become a starting point for the team.
        </p>
      ) : (
        <ul className="plain-list team-templates__list">
          {listing.saved.map((template) => (
            <li key={template.id}>
              <span>
                <strong>{template.name}</strong>
                {template.name === listing.default && <span className="muted"> (default)</span>}
                <span className="muted small"> · dates from {formatDay(template.anchorDay)}</span>
              </span>
              <span className="team-templates__actions">
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Edit template ${template.name}`}
                  onClick={() =>
                    act(async () => {
                      const opened = await call(workspace.editTeamTemplate, {
                        params: { templateId: template.id },
                      })
                      navigate(new URL(opened.url).pathname)
                    })
                  }
                >
                  Edit
                </button>
                {template.name !== listing.default && (
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Make ${template.name} the default template`}
                    onClick={() =>
                      act(() =>
                        call(workspace.setDefaultTemplate, { body: { name: template.name } }),
                      )
                    }
                  >
                    Make default
                  </button>
                )}
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Delete template ${template.name}`}
                  onClick={() => {
                    if (!window.confirm(`Delete the template “${template.name}”?`)) return
                    void act(() =>
                      call(workspace.deleteTeamTemplate, { params: { templateId: template.id } }),
                    )
                  }}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {listing.default !== 'standard' && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() =>
            act(() => call(workspace.setDefaultTemplate, { body: { name: 'standard' } }))
          }
        >
          Make the full evaluation the default again
        </button>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}
