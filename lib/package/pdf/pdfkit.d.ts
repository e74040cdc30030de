// pdfkit ships no types (and @types/pdfkit is not installed): pdf-writer.ts casts what it uses.
declare module "pdfkit" {
  const PDFDocument: unknown;
  export default PDFDocument;
}
