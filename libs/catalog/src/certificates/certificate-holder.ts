import type { CertificateType, ServiceItem } from '../catalog/catalog.types';
import type { CertificateHolder } from './certificate.types';

/**
 * The holder of the certificate an item issues: the person or company its holder rule names in the
 * case's form (the baby, the company), else the applicant. Undefined when the form lacks the
 * holder's name or identifier.
 */
export function certificateHolder(
  item: Pick<ServiceItem, 'holder'>,
  certificateType: Pick<CertificateType, 'holderCodeType'>,
  applicant: { code: string; name: string },
  form: Record<string, unknown>,
): CertificateHolder | undefined {
  if (!item.holder) return { codeType: certificateType.holderCodeType, code: applicant.code, name: applicant.name };
  const name = form[item.holder.nameField];
  const code = form[item.holder.idField];
  if (typeof name !== 'string' || name === '' || typeof code !== 'string' || code === '') return undefined;
  return { codeType: item.holder.idType, code, name };
}
