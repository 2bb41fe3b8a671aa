// The questions of the day on the touch screen (R2 二问): each question in the screen's
// language with two big Yes / No buttons, then one confirm button. Sized and placed for a
// 110 cm pupil and for a visitor who has never seen the kiosk. It only sends the answers; the
// backend decides what a "yes" means.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answers, QuestionView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { defaultLanguage, isLanguage } from '../i18n/setup-i18n';
import { useSubmit } from './use-submit';
import '../styles/gate-flow.css';

interface QuestionsFormProps {
  client: KioskClient;
  checkId: string;
  questions: QuestionView[];
  onError: (error: unknown) => void;
}

export function QuestionsForm({ client, checkId, questions, onError }: QuestionsFormProps) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const [answers, setAnswers] = useState<Answers>({});
  const { busy, perform } = useSubmit();
  const [over, setOver] = useState(false);
  const complete = questions.every((question) => Object.hasOwn(answers, question.id));

  const confirm = async (): Promise<void> => {
    await perform(
      async () => {
        await client.call('answerQuestions', { checkId, answers });
      },
      (error) => {
        // The only bad input a touch screen can send is answers for a check that has ended.
        if (errorCodeOf(error) === 'bad-input') setOver(true);
        else onError(error);
      },
    );
  };

  if (over) {
    return (
      <p className="questions-over" role="alert" data-testid="questions-over">
        {t('gate-flow.questions.over')}
      </p>
    );
  }
  return (
    <div className="questions" data-testid="questions">
      <ol className="questions-list">
        {questions.map((question) => {
          const answer = answers[question.id];
          const choose = (value: 'yes' | 'no') =>
            setAnswers((previous) => ({ ...previous, [question.id]: value }));
          return (
            <li key={question.id} className="question" data-question={question.id}>
              <p className="question-text">{question[language]}</p>
              <div className="question-buttons">
                <button
                  type="button"
                  className="question-answer question-yes"
                  aria-pressed={answer === 'yes'}
                  data-testid={`answer-${question.id}-yes`}
                  onClick={() => choose('yes')}
                >
                  {t('gate-flow.answer.yes')}
                </button>
                <button
                  type="button"
                  className="question-answer question-no"
                  aria-pressed={answer === 'no'}
                  data-testid={`answer-${question.id}-no`}
                  onClick={() => choose('no')}
                >
                  {t('gate-flow.answer.no')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="questions-confirm"
        data-testid="answers-confirm"
        disabled={!complete || busy}
        onClick={() => void confirm()}
      >
        {complete ? t('gate-flow.questions.confirm') : t('gate-flow.questions.answer-all')}
      </button>
    </div>
  );
}
