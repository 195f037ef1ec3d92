import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './api/session.js';
import { LoginPage } from './pages/LoginPage.js';
import { Layout } from './ui/Layout.js';
import { ErrorState, Loading } from './ui/states.js';

// Each page is its own chunk: the first load carries the frame and the page it shows.
const OverviewPage = lazy(() => import('./pages/OverviewPage.js'));
const FindingsPage = lazy(() => import('./pages/FindingsPage.js'));
const FindingPage = lazy(() => import('./pages/FindingPage.js'));
const ProjectsPage = lazy(() => import('./pages/ProjectsPage.js'));
const ProjectPage = lazy(() => import('./pages/ProjectPage.js'));
const ThreatModelPage = lazy(() => import('./pages/ThreatModelPage.js'));
const TeamsPage = lazy(() => import('./pages/TeamsPage.js'));
const TeamPage = lazy(() => import('./pages/TeamPage.js'));
const ChampionsPage = lazy(() => import('./pages/ChampionsPage.js'));
const ChampionHomePage = lazy(() => import('./pages/ChampionHomePage.js'));
const DeskPage = lazy(() => import('./pages/DeskPage.js'));
const DeskKnowledgeBasePage = lazy(() => import('./pages/DeskKnowledgeBasePage.js'));
const DeskAskPage = lazy(() => import('./pages/DeskAskPage.js'));
const DeskQuestionPage = lazy(() => import('./pages/DeskQuestionPage.js'));
const ConsultsPage = lazy(() => import('./pages/ConsultsPage.js'));
const ConsultNewPage = lazy(() => import('./pages/ConsultNewPage.js'));
const ConsultPage = lazy(() => import('./pages/ConsultPage.js'));
const TrainingPage = lazy(() => import('./pages/TrainingPage.js'));
const TrainingModulePage = lazy(() => import('./pages/TrainingModulePage.js'));
const CtfPage = lazy(() => import('./pages/CtfPage.js'));
const CtfEventPage = lazy(() => import('./pages/CtfEventPage.js'));
const CtfHistoryPage = lazy(() => import('./pages/CtfHistoryPage.js'));
const LeaderboardPage = lazy(() => import('./pages/LeaderboardPage.js'));
const RulesPage = lazy(() => import('./pages/RulesPage.js'));
const RulePage = lazy(() => import('./pages/RulePage.js'));
const RuleFeedbackPage = lazy(() => import('./pages/RuleFeedbackPage.js'));
const RuleFeedbackNewPage = lazy(() => import('./pages/RuleFeedbackNewPage.js'));
const AccountPage = lazy(() => import('./pages/AccountPage.js'));
const PasswordPage = lazy(() => import('./pages/PasswordPage.js'));
const AdminPage = lazy(() => import('./pages/AdminPage.js'));
const PavedRoadPage = lazy(() => import('./pages/PavedRoadPage.js'));
const PavedRoadScoresPage = lazy(() => import('./pages/PavedRoadScoresPage.js'));
const PavedRoadGapsPage = lazy(() => import('./pages/PavedRoadGapsPage.js'));
const PavedRoadComparisonPage = lazy(() => import('./pages/PavedRoadComparisonPage.js'));

/** Sets the document title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Rampart`;
  }, [title]);
}

function RequireSession({ children }: { readonly children: ReactNode }) {
  const { user, error } = useSession();
  const location = useLocation();
  if (error) return <ErrorState error={error} retry={() => window.location.reload()} />;
  if (user === undefined) return <Loading />;
  if (user === null) {
    const next = `${location.pathname}${location.search}`;
    return (
      <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />
    );
  }
  if (user.mustChangePassword && location.pathname !== '/account/password') {
    return <Navigate to="/account/password" replace />;
  }
  return <>{children}</>;
}

function NotFound() {
  useTitle('Not found');
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to the overview</a>.
      </p>
    </div>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<OverviewPage />} />
            <Route path="findings" element={<FindingsPage />} />
            <Route path="findings/:id" element={<FindingPage />} />
            <Route path="projects" element={<ProjectsPage />} />
            <Route path="projects/:id" element={<ProjectPage />} />
            <Route path="projects/:id/threat-model" element={<ThreatModelPage />} />
            <Route path="teams" element={<TeamsPage />} />
            <Route path="teams/:id" element={<TeamPage />} />
            <Route path="champions" element={<ChampionsPage />} />
            <Route path="champions/home" element={<ChampionHomePage />} />
            <Route path="champions/home/:teamId" element={<ChampionHomePage />} />
            <Route path="desk" element={<DeskPage />} />
            <Route path="desk/knowledge-base" element={<DeskKnowledgeBasePage />} />
            <Route path="desk/ask" element={<DeskAskPage />} />
            <Route path="desk/questions/:id" element={<DeskQuestionPage />} />
            <Route path="consults" element={<ConsultsPage />} />
            <Route path="consults/new" element={<ConsultNewPage />} />
            <Route path="consults/:id" element={<ConsultPage />} />
            <Route path="training" element={<TrainingPage />} />
            <Route path="training/:moduleId" element={<TrainingModulePage />} />
            <Route path="ctf" element={<CtfPage />} />
            <Route path="ctf/history" element={<CtfHistoryPage />} />
            <Route path="ctf/:eventId" element={<CtfEventPage />} />
            <Route path="ctf/:eventId/challenges/:challengeId" element={<CtfEventPage />} />
            <Route path="leaderboard" element={<LeaderboardPage />} />
            <Route path="rules" element={<RulesPage />} />
            <Route path="rules/feedback" element={<RuleFeedbackPage />} />
            <Route path="rules/feedback/new" element={<RuleFeedbackNewPage />} />
            <Route path="rules/:scanner/:ruleId" element={<RulePage />} />
            <Route path="paved-road" element={<PavedRoadPage />} />
            <Route path="paved-road/scores" element={<PavedRoadScoresPage />} />
            <Route path="paved-road/gaps" element={<PavedRoadGapsPage />} />
            <Route path="paved-road/comparison" element={<PavedRoadComparisonPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="account/password" element={<PasswordPage />} />
            <Route path="admin/*" element={<AdminPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
