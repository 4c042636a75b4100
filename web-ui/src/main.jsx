import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorised, session } from './lib/api.js';
import { SignIn } from './pages/SignIn.jsx';
import { Jobs } from './pages/Jobs.jsx';
import { NewSearch } from './pages/NewSearch.jsx';
import { Job } from './pages/Job.jsx';
import { Candidate } from './pages/Candidate.jsx';
import { Compare } from './pages/Compare.jsx';
import { Datasets } from './pages/Datasets.jsx';
import './styles.css';

/** Hash routes (no server-side routing needed): #/jobs, #/new, #/jobs/{id}, #/jobs/{id}/candidates/{cid}, #/jobs/{id}/compare/{a,b,c}, #/datasets[/{id}]. */
function parseRoute(hash) {
  const [path, query = ''] = (hash.replace(/^#/, '') || '/jobs').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(query));
  if (parts[0] === 'signin') return { page: 'signin', params };
  if (parts[0] === 'new') return { page: 'new', params };
  if (parts[0] === 'datasets') return { page: 'datasets', datasetId: parts[1], params };
  if (parts[0] === 'jobs' && parts[1]) {
    if (parts[2] === 'candidates' && parts[3]) return { page: 'candidate', jobId: parts[1], candidateId: parts[3], params };
    if (parts[2] === 'compare' && parts[3]) return { page: 'compare', jobId: parts[1], ids: parts[3].split(',').slice(0, 3), params };
    return { page: 'job', jobId: parts[1], params };
  }
  return { page: 'jobs', params };
}

function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function App() {
  const hash = useHash();
  const route = parseRoute(hash);
  const [me, setMe] = useState(null);
  const [signedOutReason, setSignedOutReason] = useState(null);
  const signedIn = !!session.key();

  useEffect(() => onUnauthorised(() => {
    session.clear();
    setMe(null);
    setSignedOutReason('Your API key was not accepted any more; sign in again.');
    location.hash = '#/signin';
  }), []);
  useEffect(() => {
    if (signedIn && !me) api('/me').then(setMe).catch(() => {});
  }, [signedIn]);
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    document.querySelector('main h1')?.focus?.();
  }, [route.page, route.jobId, route.candidateId]);

  if (!signedIn || route.page === 'signin') {
    return <Shell me={null} signedIn={false}><SignIn reason={signedOutReason} onSignedIn={m => { setMe(m); setSignedOutReason(null); location.hash = '#/jobs'; }} /></Shell>;
  }
  const signOut = () => { session.clear(); setMe(null); location.hash = '#/signin'; };
  let page;
  switch (route.page) {
    case 'new': page = <NewSearch />; break;
    case 'job': page = <Job key={route.jobId} id={route.jobId} params={route.params} />; break;
    case 'candidate': page = <Candidate key={route.candidateId} jobId={route.jobId} id={route.candidateId} />; break;
    case 'compare': page = <Compare jobId={route.jobId} ids={route.ids} />; break;
    case 'datasets': page = <Datasets id={route.datasetId} />; break;
    default: page = <Jobs status={route.params.status ?? ''} />;
  }
  return <Shell me={me} signedIn onSignOut={signOut} current={route.page}>{page}</Shell>;
}

function Shell({ me, signedIn, onSignOut, current, children }) {
  return (
    <>
      <a class="skip" href="#main" onClick={e => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a href="#/jobs" class="brand" aria-label="Sculptor, jobs">Sculptor</a>
        {signedIn && (
          <nav aria-label="Main">
            <a href="#/jobs" aria-current={current === 'jobs' ? 'page' : undefined}>Jobs</a>
            <a href="#/new" aria-current={current === 'new' ? 'page' : undefined}>New search</a>
            <a href="#/datasets" aria-current={current === 'datasets' ? 'page' : undefined}>Datasets</a>
            <a href="/q/swagger-ui" target="_blank" rel="noopener">API</a>
          </nav>
        )}
        <span class="spacer" />
        {me && <span class="team" id="team">Team: <b>{me.team}</b>{me.admin ? ' (admin)' : ''}</span>}
        {onSignOut && <button class="ghost" id="signout" onClick={onSignOut}>Sign out</button>}
      </header>
      <main id="main" tabindex="-1">{children}</main>
    </>
  );
}

render(<App />, document.getElementById('root'));
