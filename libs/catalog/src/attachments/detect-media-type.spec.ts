import { detectMediaType } from './detect-media-type';

describe('detectMediaType', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(detectMediaType(Buffer.from('%PDF-1.7\n…'))).toEqual({ mediaType: 'application/pdf', allowed: true });
    expect(detectMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({ mediaType: 'image/png', allowed: true });
    expect(detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toEqual({ mediaType: 'image/jpeg', allowed: true });
  });

  it('accepts a ZIP only when it is an OFD document', () => {
    expect(detectMediaType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....OFD.xml')]))).toEqual({ mediaType: 'application/ofd', allowed: true });
    expect(detectMediaType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....word/document.xml')]))).toEqual({ mediaType: 'application/zip', allowed: false });
  });

  it('refuses executables, text and markup whatever they are called', () => {
    expect(detectMediaType(Buffer.from('MZ\x90\x00'))).toMatchObject({ mediaType: 'application/x-msdownload', allowed: false });
    expect(detectMediaType(Buffer.from('hello'))).toEqual({ mediaType: 'text/plain', allowed: false });
    expect(detectMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ mediaType: 'image/svg+xml', allowed: false });
    expect(detectMediaType(Buffer.alloc(0))).toEqual({ mediaType: 'application/octet-stream', allowed: false });
  });
});
