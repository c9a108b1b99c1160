import { privateAddressProblem, webhookUrlProblem } from './webhook-url';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook URLs', () => {
  it('refuses schemes other than http(s), relative URLs and embedded credentials', () => {
    // given
    const urls = ['ftp://example.org/x', 'file:///etc/passwd', 'gopher://example.org', '/relative', 'https://user:pw@example.org/x'];

    // when
    const problems = urls.map(webhookUrlProblem);

    // then
    expect(problems.every((p) => p !== null)).toBe(true);
    expect(webhookUrlProblem('https://portal.example.gov.cn/hooks')).toBeNull();
  });

  it('refuses loopback, private, link-local and unique-local addresses unless allowed', async () => {
    // given
    const internal = ['http://127.0.0.1/x', 'http://10.1.2.3/x', 'http://172.20.0.1/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[fd00::1]/x', 'http://0.0.0.0/x', 'http://[::ffff:127.0.0.1]/x'];

    // when
    const refused = await Promise.all(internal.map((u) => privateAddressProblem(u, false)));
    const allowed = await Promise.all(internal.map((u) => privateAddressProblem(u, true)));

    // then
    expect(refused.every((p) => p !== null && p.includes('TONGBAN_WEBHOOK_ALLOW_PRIVATE'))).toBe(true);
    expect(allowed.every((p) => p === null)).toBe(true);
    expect(await privateAddressProblem('http://93.184.216.34/x', false)).toBeNull();
  });
});

describe('webhook signatures', () => {
  it('sign the timestamp with the raw body, so neither can be changed', () => {
    // given
    const body = '{"type":"case.finished"}';
    const signature = webhookSignature('s3cret-s3cret-s3cret', '1764630000', body);

    // then
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', '1764630000', body, signature)).toBe(true);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', '1764630001', body, signature)).toBe(false);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', '1764630000', `${body} `, signature)).toBe(false);
    expect(verifyWebhookSignature('another-secret-xx', '1764630000', body, signature)).toBe(false);
  });
});
