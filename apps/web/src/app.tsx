import { lazy, Suspense, useEffect, useRef } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiProblem, loginUrl } from './api/client';
import { homeOf, SessionProvider, useMeQuery } from './api/session';
import { Layout } from './components/layout';
import { ErrorBanner, Loading } from './components/ui';
import { LoginPage } from './pages/login';

// Each role's pages in their own chunk: an orthophoniste never loads the dashboard's code.
const pages = {
  myPathways: () => import('./pages/orthophoniste/my-pathways'),
  newPathway: () => import('./pages/orthophoniste/new-pathway'),
  pathway: () => import('./pages/pathway/pathway-page'),
  patientDmp: () => import('./pages/patient-dmp/dmp-page'),
  patientConversation: () => import('./pages/patient-conversation/conversation-page'),
  myPatients: () => import('./pages/orthophoniste/my-patients'),
  situation: () => import('./pages/orthophoniste/situation'),
  notifications: () => import('./pages/orthophoniste/notifications'),
  dashboard: () => import('./pages/coordinator/dashboard'),
  worklist: () => import('./pages/coordinator/worklist'),
  cpts: () => import('./pages/coordinator/cpts-page'),
  audit: () => import('./pages/coordinator/audit-page'),
};
const MyPathways = lazy(pages.myPathways);
const NewPathway = lazy(pages.newPathway);
const PathwayPage = lazy(pages.pathway);
const PatientDmpPage = lazy(pages.patientDmp);
const PatientConversationPage = lazy(pages.patientConversation);
const MyPatients = lazy(pages.myPatients);
const SituationPage = lazy(pages.situation);
const NotificationsPage = lazy(pages.notifications);
const Dashboard = lazy(pages.dashboard);
const Worklist = lazy(pages.worklist);
const CptsPage = lazy(pages.cpts);
const AuditPage = lazy(pages.audit);

/** A pathway's own pages, by the segment after its id (/parcours/:id/dmp). */
const PATHWAY_PAGES: Readonly<Record<string, () => Promise<unknown>>> = {
  '': pages.pathway,
  dmp: pages.patientDmp,
  patient: pages.patientConversation,
};

/** The page a URL opens, downloaded while the session is being checked rather than after. */
function prefetchPageOf(pathname: string): void {
  const [, first, second, third = ''] = pathname.split('/');
  const page =
    first === 'parcours'
      ? !second
        ? pages.myPathways
        : second === 'nouveau'
          ? pages.newPathway
          : PATHWAY_PAGES[third]
      : {
          'situation-exercice': pages.situation,
          'mes-patients': pages.myPatients,
          'mes-notifications': pages.notifications,
          'tableau-de-bord': pages.dashboard,
          relances: pages.worklist,
          organisation: pages.cpts,
          'journal-audit': pages.audit,
        }[first];
  // A failed prefetch is retried by the page's own lazy import.
  page?.().catch(() => undefined);
}
prefetchPageOf(window.location.pathname);

/** The application: the login, then the pages of the logged-in user's roles. */
export function App() {
  const location = useLocation();
  if (location.pathname === '/connexion') return <LoginPage />;
  return <Authenticated />;
}

function Authenticated() {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <Loading what="Ouverture de votre session" />;
  if (me.error) {
    if (me.error instanceof ApiProblem && me.error.status === 401) {
      return <Navigate to={loginUrl(`${location.pathname}${location.search}`)} replace />;
    }
    return (
      <main className="page">
        <ErrorBanner error={me.error} />
      </main>
    );
  }
  return (
    <SessionProvider me={me.data}>
      <Layout>
        <FocusOnNavigation />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Navigate to={homeOf(me.data)} replace />} />
            <Route path="/parcours" element={<MyPathways />} />
            <Route path="/parcours/nouveau" element={<NewPathway />} />
            <Route path="/parcours/:id" element={<PathwayPage />} />
            <Route path="/parcours/:id/dmp" element={<PatientDmpPage />} />
            <Route path="/parcours/:id/patient" element={<PatientConversationPage />} />
            <Route path="/situation-exercice" element={<SituationPage />} />
            <Route path="/mes-patients" element={<MyPatients />} />
            <Route path="/mes-notifications" element={<NotificationsPage />} />
            <Route path="/tableau-de-bord" element={<Dashboard />} />
            <Route path="/relances" element={<Worklist />} />
            <Route path="/organisation" element={<CptsPage />} />
            <Route path="/journal-audit" element={<AuditPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </Layout>
    </SessionProvider>
  );
}

/** After a navigation, focus goes to the new page's heading (screen readers hear where they are). */
function FocusOnNavigation() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    }, 50);
    return () => window.clearTimeout(timer);
  }, [location.pathname]);
  return null;
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page introuvable</h1>
      <p>Cette adresse ne correspond à aucune page.</p>
    </div>
  );
}
