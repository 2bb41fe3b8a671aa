// The guard registers a courier or delivery rider who leaves a parcel and stays outside (R7):
// a few fields, Enter submits, cleared after saving with a confirmation that names the drop-off.
// The phone is checked here first (the backend checks again); nothing typed is lost on an error,
// nor when the sheet is closed or the guard signs in meanwhile (desk-drafts.ts).
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { formatClockTime } from '../display/display-format';
import { DeskForm, Field, useDeskForm } from './desk-form';

const required = ['courierName', 'phone', 'company', 'recipient'];

export function CourierForm({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const form = useDeskForm('courier', required);
  const suggestions = t('couriers.company-suggestions').split(',');

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    const values = form.valuesToSend(event);
    if (values === null) return;
    const parcels = values.parcels ? Number(values.parcels) : null;
    if (parcels !== null && !(Number.isInteger(parcels) && parcels >= 1 && parcels <= 999)) {
      form.setNote({ key: 'couriers.parcels-invalid', bad: true });
      return;
    }
    await form.send(async () => {
      const saved = await client.call('registerCourier', {
        courierName: values.courierName ?? '',
        phone: values.phone ?? '',
        company: values.company ?? '',
        recipient: values.recipient ?? '',
        parcels,
        note: values.note || null,
      });
      form.sent({
        key: 'couriers.saved',
        values: {
          time: formatClockTime(saved.at),
          // Just saved, so never erased; the fallback only satisfies the contract's type.
          name: saved.courierName ?? t('record.erased'),
          company: saved.company,
          recipient: saved.recipient ?? t('record.erased'),
        },
        bad: false,
      });
    });
  };

  return (
    <DeskForm
      form={form}
      title={t('couriers.title')}
      submitLabel={t('couriers.submit')}
      onSubmit={submit}
    >
      <Field
        scope="courier"
        label={t('couriers.name')}
        name="courierName"
        maxLength={40}
        autoFocus
      />
      <Field
        scope="courier"
        label={t('couriers.phone')}
        name="phone"
        maxLength={20}
        inputMode="tel"
      />
      <Field
        scope="courier"
        label={t('couriers.company')}
        name="company"
        maxLength={40}
        list="courier-companies"
      />
      <datalist id="courier-companies">
        {suggestions.map((company) => (
          <option key={company} value={company} />
        ))}
      </datalist>
      <Field scope="courier" label={t('couriers.recipient')} name="recipient" maxLength={60} />
      <Field
        scope="courier"
        label={t('couriers.parcels')}
        name="parcels"
        maxLength={3}
        inputMode="numeric"
      />
      <Field scope="courier" label={t('couriers.note')} name="note" maxLength={200} />
    </DeskForm>
  );
}
