/**
 * pdfmake (and pdfkit under it), loaded on first use so that commands printing
 * no PDF start quickly, and set up once: PDF's built-in Helvetica only, so no
 * font is read from disk or downloaded, and no file or URL may be opened.
 */
const HELVETICA = {
  normal: 'Helvetica',
  bold: 'Helvetica-Bold',
  italics: 'Helvetica-Oblique',
  bolditalics: 'Helvetica-BoldOblique',
};
const STANDARD_FONTS = new Set(Object.values(HELVETICA));

export async function loadPdfmake() {
  const pdfmake = (await import('pdfmake')).default;
  pdfmake.setFonts({ Helvetica: HELVETICA });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => STANDARD_FONTS.has(p));
  return pdfmake;
}
