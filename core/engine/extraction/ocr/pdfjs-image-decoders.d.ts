// pdf.js ships no type declarations for its standalone image decoders; decoders.ts types what it uses.
declare module 'pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs';
