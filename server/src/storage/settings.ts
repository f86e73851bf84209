/** Instance-wide values: secrets generated on first start, flags. */
export interface SettingsStore {
  getSetting(key: string): Promise<string | null>
  /** Sets the value unless one exists; returns the value in force. */
  initSetting(key: string, value: string): Promise<string>
}
