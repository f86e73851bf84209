import { BrandingPage } from '../brand/BrandingPage.tsx'
import { RoomPage } from '../room/RoomPage.tsx'
import { matchRoute, usePathname } from '../router.ts'
import { IntegrationsPage } from '../settings/IntegrationsPage.tsx'
import { TeamPage } from '../settings/TeamPage.tsx'
import { Notice } from '../ui/Notice.tsx'
import { HomePage } from './HomePage.tsx'
import { LinkPage, SetupPage } from './LinkPages.tsx'

export function App() {
  const route = matchRoute(usePathname())
  switch (route.page) {
    case 'home':
      return <HomePage />
    case 'room':
      return (
        <RoomPage
          key={route.roomId}
          roomId={route.roomId}
          section={route.section}
          item={route.item}
        />
      )
    case 'invite':
    case 'signin':
      return <LinkPage key={route.secret} secret={route.secret} />
    case 'setup':
      return <SetupPage secret={route.secret} />
    case 'integrations':
      return <IntegrationsPage />
    case 'brand':
      return <BrandingPage />
    case 'team':
      return <TeamPage />
    case 'not-found':
      return (
        <Notice title="Nothing here" tone="error">
          <p>This address does not lead to anything in Quorum. Check the link you were sent.</p>
          <p>
            <a href="/">Go to the start page</a>
          </p>
        </Notice>
      )
  }
}
