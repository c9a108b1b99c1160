import { BundleClient, newCitizenId } from '../bundles/bundle-fixtures';
import { useTestApp } from '../support/use-test-app';

describe('certificate identifiers carry no personal identifier', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  it("registers an ID card under an identifier built from a serial, not from the holder's citizen ID, and keeps it on re-registration", async () => {
    // given
    const citizen = newCitizenId('19870214');
    const card = {
      type: 'id-card', number: citizen, issuer: '上海市公安局徐汇分局', issuedAt: '2020-01-01T00:00:00+08:00', validUntil: '2040-01-01', holder: { codeType: '111', code: citizen, name: '陈静' }, data: { name: '陈静', idNumber: citizen },
    };

    // when
    const first = await b.registerCertificate(card);
    const again = await b.registerCertificate({ ...card, issuer: '上海市公安局' });

    // then
    expect(first.id).toMatch(/^1\.2\.156\.3005\.2\.[0-9A-Z]+\.[0-9A-Z]+\.[0-9]{8,}\.1\.[0-9A-Z]$/);
    expect(first.id).not.toContain(citizen.slice(-8));
    expect(first.id).not.toContain(citizen.slice(0, 8));
    expect(again.id).toBe(first.id);
  });
});
