import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QrCode } from '../../src-shared/contract';
import { api } from '../api/client';

/**
 * The lookup code as a QR code, drawn from the core's path: black modules on
 * white, quiet zone included. Until it arrives (or if it cannot be made) the
 * space stays empty; the code in letters beside it is what counts.
 */
export function LookupQr({ lookupCode, code }: { lookupCode: string; code: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<QrCode | null>(null);
  useEffect(() => {
    let current = true;
    api.lookupQr({ lookupCode }).then(
      (drawn) => {
        if (current) setQr(drawn);
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, [lookupCode]);

  if (!qr) return <div className="lookup-qr lookup-qr--empty" aria-hidden="true" />;
  return (
    <svg
      className="lookup-qr"
      role="img"
      aria-label={t('receipt.qrLabel', { code })}
      data-testid="receipt-qr"
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.path} fill="#000" />
    </svg>
  );
}
