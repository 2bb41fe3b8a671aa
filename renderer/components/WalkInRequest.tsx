// The guard asks an admin to let in a visitor who came without an appointment (R5: no
// appointment, no entry; the approver answers for it). The document number is checked by the
// backend, which answers what is wrong with it; the form keeps what was typed until it is sent,
// also while the sheet is closed or the guard signs in (desk-drafts.ts).
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { documentTypeSchema } from '../../contract/operations/courier-operations';
import { DeskForm, DeskNoteLine, Field, useDeskForm } from './desk-form';
import { draftOf, keepField } from './desk-drafts';

const required = ['visitorName', 'documentNumber', 'phone', 'host', 'reason', 'area'];

export function WalkInRequest({ client, onSent }: { client: KioskClient; onSent: () => void }) {
  const { t } = useTranslation();
  const form = useDeskForm('walk-in', required);
  const { note } = form;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    const values = form.valuesToSend(event);
    if (values === null) return;
    await form.send(async () => {
      const answer = await client.call('requestWalkIn', {
        visitorName: values.visitorName ?? '',
        documentType: documentTypeSchema.parse(values.documentType),
        documentNumber: values.documentNumber ?? '',
        phone: values.phone ?? '',
        host: values.host ?? '',
        reason: values.reason ?? '',
        area: values.area ?? '',
      });
      if (!answer.ok) {
        const kind = answer.kind ? t(`walk-in.document.${answer.kind}`) : null;
        form.setNote({
          key: `walk-in.problem.${answer.problem}`,
          bad: true,
          values: kind ? { kind } : undefined,
        });
        return;
      }
      // Just made, so never erased; the fallback only satisfies the contract's type.
      const name = answer.request.visitorName ?? t('record.erased');
      form.sent({ key: 'walk-in.sent', values: { name }, bad: false });
      onSent();
    });
  };

  return (
    <DeskForm
      form={form}
      title={t('walk-in.title')}
      submitLabel={t('walk-in.submit')}
      onSubmit={submit}
      message={
        note?.key.startsWith('walk-in.problem.') && note.values ? (
          <p className="desk-note desk-note-bad" role="alert" data-testid="walk-in-message">
            {t(note.key)} {t('walk-in.problem.is', note.values)}
          </p>
        ) : (
          <DeskNoteLine note={note} testId="walk-in-message" />
        )
      }
    >
      <p className="desk-hint">{t('walk-in.hint')}</p>
      <Field
        scope="walk-in"
        label={t('walk-in.name')}
        name="visitorName"
        maxLength={40}
        autoFocus
      />
      <label className="desk-field">
        <span>{t('walk-in.document-type')}</span>
        <select
          name="documentType"
          data-testid="walk-in-documentType"
          defaultValue={draftOf('walk-in').documentType}
          onChange={(event) => keepField('walk-in', 'documentType', event.target.value)}
        >
          {documentTypeSchema.options.map((type) => (
            <option key={type} value={type}>
              {t(`walk-in.document.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <Field
        scope="walk-in"
        label={t('walk-in.document-number')}
        name="documentNumber"
        maxLength={100}
      />
      <Field
        scope="walk-in"
        label={t('walk-in.phone')}
        name="phone"
        maxLength={20}
        inputMode="tel"
      />
      <Field scope="walk-in" label={t('walk-in.host')} name="host" maxLength={40} />
      <Field scope="walk-in" label={t('walk-in.reason')} name="reason" maxLength={200} />
      <Field scope="walk-in" label={t('walk-in.area')} name="area" maxLength={40} />
    </DeskForm>
  );
}
