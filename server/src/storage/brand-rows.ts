import { NO_WORKSPACE_BRAND, type RoomBrand, type WorkspaceBrand } from './branding.ts'
import { int, type Row, text, textOrNull } from './rows.ts'

export { patched } from './branding.ts'

/** Row mappers of the brand tables, shared by both drivers. */
export const toWorkspaceBrand = (row: Row | undefined): WorkspaceBrand =>
  row
    ? {
        accent: textOrNull(row, 'accent'),
        mailName: textOrNull(row, 'mail_name'),
        logoKey: textOrNull(row, 'logo_key'),
        updatedAt: int(row, 'updated_at'),
      }
    : NO_WORKSPACE_BRAND

export const toRoomBrand = (roomId: string, row: Row | undefined): RoomBrand =>
  row
    ? {
        roomId,
        buyerLogoKey: textOrNull(row, 'buyer_logo_key'),
        welcomeNote: text(row, 'welcome_note'),
        updatedAt: int(row, 'updated_at'),
      }
    : { roomId, buyerLogoKey: null, welcomeNote: '', updatedAt: 0 }
