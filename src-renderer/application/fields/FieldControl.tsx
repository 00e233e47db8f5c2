import { AddressField } from './AddressField';
import { FileField } from './FileField';
import { MultichoiceField } from './MultichoiceField';
import type { FieldProps } from './parts';
import { PersonGroupField } from './PersonGroupField';
import { SimpleFieldControl } from './SimpleField';
import './fields.css';

export type { FieldProps } from './parts';

export function FieldControl(props: FieldProps) {
  switch (props.field.type) {
    case 'multichoice':
      return <MultichoiceField {...props} />;
    case 'address':
      return <AddressField {...props} />;
    case 'person':
      return <PersonGroupField {...props} />;
    case 'file':
      return <FileField {...props} />;
    default:
      return <SimpleFieldControl {...props} />;
  }
}
