import { useSyncExternalStore } from 'react'
import type { WorkspaceBrandInfo } from '../../../shared/src/api/brand.ts'
import { brand as brandApi } from '../../../shared/src/api/index.ts'
import { accentShades } from '../../../shared/src/brand/contrast.ts'
import { call } from '../api.ts'

/**
 * The workspace's brand, fetched once per page load and shared by every component (the logo in
 * headers, the accent as CSS variables), and replaced when the settings page saves a new one.
 */
let current: WorkspaceBrandInfo = { accent: null, mailName: null, logoUrl: null }
let requested = false
const listeners = new Set<() => void>()

/** The accent, as the variables base.css's colours are built from (none: base.css's own). */
function applyAccent(accent: string | null): void {
  const style = document.documentElement.style
  if (!accent) {
    for (const name of ['--accent', '--accent-strong', '--accent-soft', '--accent-line', '--focus'])
      style.removeProperty(name)
    return
  }
  const shades = accentShades(accent)
  style.setProperty('--accent', shades.accent)
  style.setProperty('--accent-strong', shades.strong)
  style.setProperty('--accent-soft', shades.soft)
  style.setProperty('--accent-line', `color-mix(in srgb, ${accent} 35%, white)`)
  style.setProperty('--focus', `color-mix(in srgb, ${accent} 45%, transparent)`)
}

export function setBrand(next: WorkspaceBrandInfo): void {
  current = next
  applyAccent(next.accent)
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!requested) {
    requested = true
    call(brandApi.getBrand).then(setBrand, () => {})
  }
  return () => listeners.delete(listener)
}

export function useBrand(): WorkspaceBrandInfo {
  return useSyncExternalStore(subscribe, () => current)
}

/** Uploads an image file as a logo to `path`; the answer of the endpoint. */
export async function uploadLogo<T>(path: string, file: File): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      'X-Quorum-CSRF': '1',
      Accept: 'application/json',
    },
    body: file,
  })
  const answer = (await response.json().catch(() => ({}))) as {
    error?: { message?: string }
  }
  if (!response.ok) throw new Error(answer.error?.message ?? 'The logo could not be uploaded.')
  return answer as T
}
