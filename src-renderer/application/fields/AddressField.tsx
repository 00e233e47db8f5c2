import { useTranslation } from 'react-i18next';
import { isAddressAnswer } from '../../../src-shared/forms/engine';
import { findDistrict, findRegion, PLACES_KG } from '../../../src-shared/forms/places-kg';
import type { AddressAnswer } from '../../../src-shared/forms/schema';
import type { Localized } from '../../../src-shared/language';
import { useLanguage } from '../../i18n';
import { inputId, type AddressPart } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, type FieldProps } from './parts';

const EMPTY: AddressAnswer = { region: '', district: '', settlement: '', street: '' };

/** Region → district → settlement, each a select that the one before fills, then the street line. */
export function AddressField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const address = isAddressAnswer(value) ? value : EMPTY;
  const region = findRegion(address.region);
  const district = findDistrict(address.region, address.district);

  const choose = (part: Exclude<AddressPart, 'street'>, id: string) => {
    if (part === 'region') onChange({ ...address, region: id, district: '', settlement: '' });
    if (part === 'district') {
      // A city unit holds one settlement, the city itself: nothing left to choose.
      const only = findDistrict(address.region, id)?.settlements;
      onChange({ ...address, district: id, settlement: only?.length === 1 ? (only[0]?.id ?? '') : '' });
    }
    if (part === 'settlement') onChange({ ...address, settlement: id });
  };

  const select = (part: Exclude<AddressPart, 'street'>, items: { id: string; name: Localized }[], selected: string) => (
    <div className="address__part">
      <label className="address__label" htmlFor={inputId(field.id, part)}>
        {t(`fields.address.${part}`)}
      </label>
      <select
        id={inputId(field.id, part)}
        data-testid={`field-${field.id}-${part}`}
        className={`input select${error ? ' input--error' : ''}`}
        value={selected}
        disabled={items.length === 0}
        aria-invalid={error ? true : undefined}
        onChange={(e) => choose(part, e.target.value)}
      >
        <option value="">{t('fields.select.placeholder')}</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {pick(item.name)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <fieldset className={`field fieldset address${error ? ' field--error' : ''}`} aria-describedby={describedBy(field, error)}>
      <FieldLabel field={field} />
      <FieldHint field={field} />
      <FieldMessage field={field} error={error} />
      {select('region', PLACES_KG, address.region)}
      {select('district', region?.districts ?? [], district ? address.district : '')}
      {select('settlement', district?.settlements ?? [], address.settlement)}
      <div className="address__part">
        <label className="address__label" htmlFor={inputId(field.id, 'street')}>
          {t('fields.address.street')}
        </label>
        <p className="hint">{t('fields.address.streetHint')}</p>
        <input
          id={inputId(field.id, 'street')}
          data-testid={`field-${field.id}-street`}
          className={`input${error ? ' input--error' : ''}`}
          type="text"
          inputMode="text"
          autoComplete="off"
          maxLength={200}
          value={address.street}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange({ ...address, street: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
