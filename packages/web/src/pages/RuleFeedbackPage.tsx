import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { FeedbackItem } from '../feedback/FeedbackItem.js';
import { useMyFeedback } from '../feedback/queries.js';
import { Empty, QueryView } from '../ui/states.js';

/** `/rules/feedback`: the rule feedback the user filed, with security's responses. */
function RuleFeedbackPage() {
  useTitle('My rule feedback');
  const query = useMyFeedback();
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to="/rules">← Rules</Link>
      </nav>
      <h1>My rule feedback</h1>
      <p className="muted">
        Feedback you filed on scanner rules, and what the security team answered. Report a rule from
        one of its findings (&ldquo;Report this rule&rdquo;).
      </p>
      <QueryView query={query} label="Loading your feedback…">
        {(page) =>
          page.feedback.length === 0 ? (
            <Empty>You have not filed feedback on a rule.</Empty>
          ) : (
            <ul className="rule-feedback-list">
              {page.feedback.map((f) => (
                <FeedbackItem key={f.id} feedback={f} canRespond={false} showRule />
              ))}
            </ul>
          )
        }
      </QueryView>
    </div>
  );
}

export default RuleFeedbackPage;
