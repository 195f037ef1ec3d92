import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { Markdown } from '../desk/Markdown.js';
import { CompletionBadge, ModuleMeta } from '../training/labels.js';
import { Quiz } from '../training/Quiz.js';
import { useTrainingModule } from '../training/queries.js';
import type { ModuleAnswer } from '../training/types.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

/** `/training/:moduleId`: a module's text, then its quiz. */
function TrainingModulePage() {
  const { moduleId = '' } = useParams();
  const query = useTrainingModule(moduleId);
  useTitle(query.data?.module.title ?? 'Training');
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/training">Training</Link> <span aria-hidden="true">/</span>
      </nav>
      <QueryView query={query} label="Loading the module…">
        {(answer) => <ModuleView key={answer.module.id} answer={answer} />}
      </QueryView>
    </>
  );
}

function ModuleView({ answer }: { readonly answer: ModuleAnswer }) {
  const { module, status, attempts } = answer;
  return (
    <article className="stack training-module">
      <header className="stack">
        <div className="page-head">
          <h1>{module.title}</h1>
          <CompletionBadge status={status} />
        </div>
        <p className="lead">{module.summary}</p>
        <ModuleMeta module={module} languages />
        <p className="muted small" data-testid="training-progress">
          {status.completed
            ? `You completed this module on ${formatDate(status.completedAt)}; your best score is ${status.bestScore} %.`
            : status.bestScore !== null
              ? `Your best score so far is ${status.bestScore} %; the pass mark is ${answer.passMark} %.`
              : 'You have not taken this quiz yet.'}
          {attempts.count > 0
            ? ` ${attempts.count} ${attempts.count === 1 ? 'attempt' : 'attempts'}, the last on ${formatDateTime(attempts.lastAttemptAt)}.`
            : null}
        </p>
      </header>
      <section className="card training-body" aria-label="Module text">
        <Markdown html={module.bodyHtml} />
      </section>
      <section className="stack" aria-labelledby="training-quiz">
        <h2 id="training-quiz">Quiz</h2>
        <p className="muted small">
          {module.quiz.length} questions. Choose one answer per question; you see the right answers
          and why after submitting.
        </p>
        <Quiz answer={answer} />
      </section>
    </article>
  );
}

export default TrainingModulePage;
