import { colorFor, initials } from './people.ts'

export function Avatar({
  id,
  name,
  size = 28,
  label,
}: {
  id: string
  name: string
  size?: number
  label?: string
}) {
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, background: colorFor(id), fontSize: size * 0.4 }}
      title={label ?? name}
      role="img"
      aria-label={label ?? name}
    >
      {initials(name)}
    </span>
  )
}
