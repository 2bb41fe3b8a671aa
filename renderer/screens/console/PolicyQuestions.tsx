// The questions of the day on the policy screen: add (at most ten), edit each question's
// Chinese and English text and its id, remove. Edits the draft only; never saves.
import { useTranslation } from 'react-i18next';
import { maxQuestions, newQuestion, type QuestionDraft } from './policy-draft';
import { PolicyField, type DraftProps } from './PolicyFields';

export function PolicyQuestions({ draft, errors, onChange }: DraftProps) {
  const { t } = useTranslation();
  const questions = draft.questions;
  const set = (index: number, changed: Partial<QuestionDraft>): void =>
    onChange({
      ...draft,
      questions: questions.map((question, at) =>
        at === index ? { ...question, ...changed } : question,
      ),
    });
  return (
    <fieldset className="policy-section policy-questions" data-testid="policy-questions">
      <legend>
        {t('policy.questions')}{' '}
        <span className="policy-count">
          {t('policy.questions.count', { count: questions.length, max: maxQuestions })}
        </span>
      </legend>
      <p className="policy-hint">{t('policy.questions.hint')}</p>
      {errors.questions === undefined ? null : (
        <p className="policy-error" role="alert">
          {t(`policy.error.${errors.questions}`)}
        </p>
      )}
      <ol className="policy-question-list">
        {questions.map((question, index) => (
          <li key={index} className="policy-question" data-testid={`policy-question-${index}`}>
            <PolicyField label={t('policy.question.zh')} error={errors[`question.${index}.zh`]}>
              <input
                lang="zh-CN"
                value={question.zh}
                data-testid={`policy-question-${index}-zh`}
                onChange={(event) => set(index, { zh: event.target.value })}
              />
            </PolicyField>
            <PolicyField label={t('policy.question.en')} error={errors[`question.${index}.en`]}>
              <input
                lang="en"
                value={question.en}
                data-testid={`policy-question-${index}-en`}
                onChange={(event) => set(index, { en: event.target.value })}
              />
            </PolicyField>
            <div className="policy-question-foot">
              <PolicyField label={t('policy.question.id')} error={errors[`question.${index}.id`]}>
                <input
                  className="policy-question-id"
                  value={question.id}
                  data-testid={`policy-question-${index}-id`}
                  onChange={(event) => set(index, { id: event.target.value })}
                />
              </PolicyField>
              <button
                type="button"
                data-testid={`policy-question-${index}-remove`}
                onClick={() =>
                  onChange({ ...draft, questions: questions.filter((_, at) => at !== index) })
                }
              >
                {t('policy.question.remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={questions.length >= maxQuestions}
        data-testid="policy-question-add"
        onClick={() => onChange({ ...draft, questions: [...questions, newQuestion(questions)] })}
      >
        {t('policy.question.add')}
      </button>
    </fieldset>
  );
}
