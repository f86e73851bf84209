/** A template saved by the team: its plan, business case and roles to fill live in its room. */
export interface SavedTemplate {
  id: string
  name: string
  /** The room behind the template (kind 'template'), edited in the room editor. */
  roomId: string
  /** The day (yyyy-mm-dd) the template's dates count from. */
  anchorDay: string
  createdBy: string | null
  createdAt: number
}

export interface NewTemplate {
  id: string
  name: string
  roomId: string
  anchorDay: string
  createdBy: string | null
}

/** The team's templates, and which one new rooms start from. */
export interface TemplateStore {
  /**
   * Saves a template and marks its room as a template's (no longer listed as a deal). Null when
   * a template of that name exists.
   */
  createTemplate(input: NewTemplate): Promise<SavedTemplate | null>
  listTemplates(): Promise<SavedTemplate[]>
  getTemplate(id: string): Promise<SavedTemplate | null>
  findTemplateByName(name: string): Promise<SavedTemplate | null>
  /** Deletes a template (its room stays, archived by the caller); false if there was none. */
  deleteTemplate(id: string): Promise<boolean>
  /** The name of the default template, saved or built-in; null when none was set. */
  getDefaultTemplate(): Promise<string | null>
  setDefaultTemplate(name: string | null): Promise<void>
}
