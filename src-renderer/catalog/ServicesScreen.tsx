import { useTranslation } from 'react-i18next';
import { formatMoney } from '../format';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ExampleMark } from './ExampleNote';
import { cheapestVariant } from './prices';

export function ServicesScreen({ categoryId }: { categoryId: string }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  const category = catalog?.categories.find((c) => c.id === categoryId);
  if (!catalog || !category) return null;
  const services = catalog.services.filter((s) => s.categoryId === categoryId);
  return (
    <div className="screen">
      <BackLink onBack={() => go({ name: 'home' })} />
      <ScreenHeading>{pick(category.name)}</ScreenHeading>
      <p className="lead">{services.length > 0 ? t('catalog.servicesLead') : t('catalog.empty')}</p>
      <ul className="service-list">
        {services.map((service) => {
          const cheapest = cheapestVariant(service);
          const price = cheapest ? formatMoney(cheapest.price.amount, language) : '';
          return (
            <li key={service.id}>
              <button
                type="button"
                className="service-item"
                data-testid={`service-${service.id}`}
                onClick={() => go({ name: 'service', serviceId: service.id })}
              >
                <span className="service-item__title">{pick(service.name)}</span>
                <span className="service-item__text">{pick(service.summary)}</span>
                {cheapest && (
                  <span className="service-item__price">
                    {service.variants.length > 1 ? t('catalog.fromPrice', { price }) : price}
                    <ExampleMark example={cheapest.price.example} />
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
