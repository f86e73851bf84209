import { useBrand } from './brand-store.ts'

/** The workspace's logo where the product's name was, or the name when there is no logo. */
export function WorkspaceMark() {
  const brand = useBrand()
  if (brand.logoUrl)
    return (
      <img
        className="workspace-mark"
        src={brand.logoUrl}
        alt={brand.mailName ? `${brand.mailName} logo` : 'Workspace logo'}
      />
    )
  return <p className="notice__brand">{brand.mailName ?? 'Quorum'}</p>
}
