import { attachmentDisposition, safeFileName } from './content-disposition';

describe('attachmentDisposition', () => {
  it('keeps plain names as they are', () => {
    expect(attachmentDisposition('case_1a2b_image_1.jpg')).toBe(
      `attachment; filename="case_1a2b_image_1.jpg"; filename*=UTF-8''case_1a2b_image_1.jpg`,
    );
  });

  it('folds accents for the ASCII name and keeps them in filename*', () => {
    const header = attachmentDisposition('expediente_1234ABC_José_Núñez.zip');
    expect(header).toContain('filename="expediente_1234ABC_Jose_Nunez.zip"');
    expect(header).toContain(`filename*=UTF-8''expediente_1234ABC_Jos%C3%A9_N%C3%BA%C3%B1ez.zip`);
  });

  it('never lets quotes, separators or line breaks into the header', () => {
    const header = attachmentDisposition('a"b\\c/../d\r\ne.jpg');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"')).toHaveLength(3);
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('...')).toBe('archivo');
  });
});
