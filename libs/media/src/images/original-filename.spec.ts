import { sanitiseOriginalFileName } from './original-filename';

describe('sanitiseOriginalFileName', () => {
  it.each([
    ['foto.jpg', 'foto.jpg'],
    ['Ficha técnica (1).JPG', 'Ficha técnica (1).JPG'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['C:\\fakepath\\coche.png', 'coche.png'],
    ['.htaccess', 'htaccess'],
    ['...', 'image'],
    ['..', 'image'],
    ['', 'image'],
    [null, 'image'],
    ['x.jpg\u0000.php', 'x.jpg.php'],
    ['evil\u202egpj.exe', 'evilgpj.exe'],
    ['<script>alert(1)</script>.png', 'script_.png'],
    ['<img src=x onerror=alert(1)>.png', '_img src_x onerror_alert(1)_.png'],
    ['a"b\'c;d|e$f`g.png', 'a_b_c_d_e_f_g.png'],
    ['  spaced   name .png ', 'spaced name .png'],
    ['e\u0301.png', 'é.png'],
    ['名前.jpg', '名前.jpg'],
  ])('%p -> %p', (input, expected) => {
    expect(sanitiseOriginalFileName(input)).toBe(expected);
  });

  it('caps the length at 255 and keeps the extension', () => {
    const result = sanitiseOriginalFileName(`${'a'.repeat(400)}.jpeg`);
    expect(result).toHaveLength(255);
    expect(result.endsWith('.jpeg')).toBe(true);
  });

  it('uses the fallback when nothing usable is left', () => {
    expect(sanitiseOriginalFileName('\u0000\u0001', 'image.png')).toBe('image.png');
  });
});
