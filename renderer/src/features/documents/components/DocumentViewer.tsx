import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { ActionIcon, Alert, Center, Group, Loader, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowAutofitWidth, IconChevronLeft, IconChevronRight, IconCode, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import type { DocSourceRegion } from '../../../../../core/contract';
import { isClientError } from '../../../shared/api/client';
import { getDocumentFile } from '../documents.api';
import { base64ToBytes, bytesToBase64 } from '../intake';
import { openPdf, type PDFDocumentProxy } from '../pdf';
import { decodeTiff, type TiffPage } from '../tiff';
import { MAX_ZOOM, MIN_ZOOM, useViewerStore } from '../viewer.store';
import { findWordAt, loadPageWords } from '../words';
import classes from './Documents.module.css';

type FileData = { id: number; mime: string; bytes: Uint8Array };

/** The last few files shown: j / k back and forth must not download the same PDF again. */
const fileCache = new Map<number, FileData>();
const CACHE_SIZE = 6;

function useDocumentFile(id: number): { file: FileData | null; error: string | null } {
  const [state, setState] = useState<{ id: number; file: FileData | null; error: string | null }>(() => ({ id, file: fileCache.get(id) ?? null, error: null }));
  useEffect(() => {
    if (fileCache.has(id)) return;
    let dead = false;
    getDocumentFile(id)
      .then((f) => {
        const file = { id, mime: f.mime, bytes: base64ToBytes(f.contentBase64) };
        fileCache.set(id, file);
        while (fileCache.size > CACHE_SIZE) fileCache.delete(fileCache.keys().next().value!);
        if (!dead) setState({ id, file, error: null });
      })
      .catch((e: unknown) => {
        if (!dead) setState({ id, file: null, error: isClientError(e) || e instanceof Error ? e.message : String(e) });
      });
    return () => {
      dead = true;
    };
  }, [id]);
  if (state.id !== id) return { file: fileCache.get(id) ?? null, error: null };
  return { file: state.file ?? fileCache.get(id) ?? null, error: state.error };
}

type Surface = { width: number; height: number };

type SurfaceProps = { file: FileData; page: number; cssWidth: number; onSize(s: Surface): void; onPages(n: number): void; onError(message: string): void };

/** A PDF page drawn by pdf.js at the pane's width (times the device pixel ratio, so text stays sharp). */
function PdfSurface({ file, page, cssWidth, onSize, onPages, onError }: SurfaceProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);

  useEffect(() => {
    let dead = false;
    let doc: PDFDocumentProxy | null = null;
    openPdf(file.bytes)
      .then((d) => {
        if (dead) return void d.destroy();
        doc = d;
        setPdf(d);
        onPages(d.numPages);
      })
      .catch((e: unknown) => onError(`The PDF could not be displayed: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      dead = true;
      void doc?.destroy();
    };
  }, [file, onPages, onError]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!pdf || !canvas || cssWidth <= 0 || page > pdf.numPages) return;
    let dead = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void (async () => {
      try {
        const p = await pdf.getPage(page);
        if (dead) return;
        const base = p.getViewport({ scale: 1 });
        const scale = cssWidth / base.width;
        const dpr = Math.min(window.devicePixelRatio || 1, 2);
        const viewport = p.getViewport({ scale: scale * dpr });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        onSize({ width: cssWidth, height: base.height * scale });
        task = p.render({ canvas, viewport });
        await task.promise;
      } catch (e) {
        // a newer render (zoom, page turn) cancelled this one
        if (!dead && !(e instanceof Error && e.name === 'RenderingCancelledException')) onError(`Page ${page} could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
      }
    })();
    return () => {
      dead = true;
      task?.cancel();
    };
  }, [pdf, page, cssWidth, onSize, onError]);

  return <canvas ref={canvasRef} aria-label={`Page ${page}`} role="img" data-page-canvas />;
}

/** PNG and JPEG: the browser shows them as they are (a data: URL; the CSP allows data: images). */
function ImageSurface({ file, cssWidth, onSize, onPages }: SurfaceProps) {
  const url = useMemo(() => `data:${file.mime};base64,${bytesToBase64(file.bytes)}`, [file]);
  const [natural, setNatural] = useState<Surface | null>(null);
  useEffect(() => onPages(1), [file, onPages]);
  useEffect(() => {
    if (natural && cssWidth > 0) onSize({ width: cssWidth, height: (cssWidth * natural.height) / natural.width });
  }, [natural, cssWidth, onSize]);
  return <img src={url} alt="Page 1" data-page-canvas onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />;
}

/** TIFF scans, decoded to a canvas (browsers do not display TIFF). */
function TiffSurface({ file, page, cssWidth, onSize, onPages, onError }: SurfaceProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [tiff, setTiff] = useState<Awaited<ReturnType<typeof decodeTiff>> | null>(null);
  useEffect(() => {
    let dead = false;
    decodeTiff(file.bytes)
      .then((t) => {
        if (dead) return;
        setTiff(t);
        onPages(t.pages);
      })
      .catch((e: unknown) => onError(`The TIFF could not be displayed: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      dead = true;
    };
  }, [file, onPages, onError]);
  const decoded = useMemo((): { image: TiffPage } | { error: string } | null => {
    if (!tiff) return null;
    try {
      return { image: tiff.page(page) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [tiff, page]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!decoded || !canvas) return;
    if ('error' in decoded) return onError(decoded.error);
    const p = decoded.image;
    canvas.width = p.width;
    canvas.height = p.height;
    canvas.getContext('2d')?.putImageData(new ImageData(p.rgba, p.width, p.height), 0, 0);
  }, [decoded, onError]);
  useEffect(() => {
    if (decoded && 'image' in decoded && cssWidth > 0) onSize({ width: cssWidth, height: (cssWidth * decoded.image.height) / decoded.image.width });
  }, [decoded, cssWidth, onSize]);
  return <canvas ref={canvasRef} aria-label={`Page ${page}`} role="img" data-page-canvas />;
}

const kindOf = (mime: string): 'pdf' | 'image' | 'tiff' | 'xml' | 'other' =>
  mime === 'application/pdf' ? 'pdf' : mime === 'image/png' || mime === 'image/jpeg' ? 'image' : mime === 'image/tiff' ? 'tiff' : /xml/.test(mime) ? 'xml' : 'other';

type Props = {
  docId: number;
  highlight: DocSourceRegion | null;
  /** a field is being edited: a click on the page takes the word under it */
  picking: boolean;
};

/**
 * The document beside its fields: pdf.js for PDFs, the image for scans, at fit-width with zoom and page
 * turning. The source of the hovered or focused field is outlined over the page (boxes are page fractions,
 * so the outline follows every zoom).
 */
export function DocumentViewer({ docId, highlight, picking }: Props) {
  const { file, error: loadError } = useDocumentFile(docId);
  // measured inside the scroller: its content width, without padding or scrollbar
  const { ref: measureRef, width: paneWidth } = useElementSize<HTMLDivElement>();
  const { page, pages, zoom, pageTurned, zoomed, pageShown, pagesKnown, wordPicked } = useViewerStore();
  const [surface, setSurface] = useState<Surface | null>(null);
  const [renderError, setRenderError] = useState<{ id: number; message: string } | null>(null);
  const highlightRef = useRef<HTMLDivElement>(null);
  const cssWidth = Math.max(0, Math.floor((paneWidth - 2) * zoom));

  // a highlight on another page turns to it
  const highlightPage = highlight?.page;
  useEffect(() => {
    if (highlightPage !== undefined) pageShown(highlightPage);
  }, [highlightPage, pageShown]);
  // and scrolls into view when zoomed in
  useEffect(() => {
    highlightRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [highlight, surface]);

  const stableOnError = useCallback((message: string) => setRenderError({ id: docId, message }), [docId]);
  const stableOnSize = useCallback((s: Surface) => setSurface((prev) => (prev && prev.width === s.width && prev.height === s.height ? prev : s)), []);

  const kind = file ? kindOf(file.mime) : null;
  const error = loadError ?? (renderError?.id === docId ? renderError.message : null);

  const onClickPage = async (e: MouseEvent<HTMLDivElement>) => {
    if (!picking) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - rect.left) / rect.width;
    const y = (e.clientY - rect.top) / rect.height;
    const append = e.shiftKey;
    const words = await loadPageWords(docId, page);
    const word = findWordAt(words, x, y);
    if (word) wordPicked(word.text, append);
  };

  const showHighlight = highlight !== null && highlight.page === page && surface !== null;

  return (
    <Stack gap={6} h="100%">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Previous page ([)">
            <ActionIcon variant="subtle" color="gray" aria-label="Previous page" disabled={page <= 1} onClick={() => pageTurned(-1)}>
              <IconChevronLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <Text size="sm" aria-live="polite" miw={84} ta="center">
            Page {page} / {pages}
          </Text>
          <Tooltip label="Next page (])">
            <ActionIcon variant="subtle" color="gray" aria-label="Next page" disabled={page >= pages} onClick={() => pageTurned(1)}>
              <IconChevronRight size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {picking && (
          <Text size="xs" c="dimmed" visibleFrom="md">
            Click a word on the page to take it · Shift+click appends
          </Text>
        )}
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Zoom out (-)">
            <ActionIcon variant="subtle" color="gray" aria-label="Zoom out" disabled={zoom <= MIN_ZOOM} onClick={() => zoomed(-0.25)}>
              <IconZoomOut size={18} />
            </ActionIcon>
          </Tooltip>
          <Text size="sm" miw={44} ta="center" aria-label="Zoom">
            {Math.round(zoom * 100)}%
          </Text>
          <Tooltip label="Zoom in (+)">
            <ActionIcon variant="subtle" color="gray" aria-label="Zoom in" disabled={zoom >= MAX_ZOOM} onClick={() => zoomed(0.25)}>
              <IconZoomIn size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Fit width (0)">
            <ActionIcon variant="subtle" color="gray" aria-label="Fit width" onClick={() => zoomed('fit')}>
              <IconArrowAutofitWidth size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div className={classes.viewerScroll} aria-label="Document page" role="region">
        <div ref={measureRef} style={{ width: '100%', height: 0 }} aria-hidden />
        {error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Cannot show this document">
            {error}
          </Alert>
        ) : !file || kind === null ? (
          <Center h="100%">
            <Loader size="sm" aria-label="Loading the document" />
          </Center>
        ) : kind === 'xml' || kind === 'other' ? (
          <Center h="100%">
            <Stack align="center" gap="xs" maw={360}>
              <ThemeIcon size={44} variant="light" radius="xl">
                <IconCode size={24} />
              </ThemeIcon>
              <Text size="sm" ta="center" c="dimmed">
                {kind === 'xml' ? 'An e-invoice (XML) has no page to show: its fields were read exactly from the XML.' : 'No preview for this file type.'}
              </Text>
            </Stack>
          </Center>
        ) : (
          <div
            key={file.id}
            className={`${classes.sheet} ${picking ? classes.picking : ''}`}
            style={{ width: surface?.width ?? cssWidth, height: surface?.height ?? Math.round(cssWidth * 1.414) }}
            onClick={(e) => void onClickPage(e)}
            data-sheet
          >
            {kind === 'pdf' && <PdfSurface file={file} page={page} cssWidth={cssWidth} onSize={stableOnSize} onPages={pagesKnown} onError={stableOnError} />}
            {kind === 'image' && <ImageSurface file={file} page={page} cssWidth={cssWidth} onSize={stableOnSize} onPages={pagesKnown} onError={stableOnError} />}
            {kind === 'tiff' && <TiffSurface file={file} page={page} cssWidth={cssWidth} onSize={stableOnSize} onPages={pagesKnown} onError={stableOnError} />}
            {showHighlight && (
              <div
                ref={highlightRef}
                className={classes.highlight}
                data-source-highlight
                aria-hidden
                style={{
                  left: `${highlight.box.x * 100}%`,
                  top: `${highlight.box.y * 100}%`,
                  width: `${Math.max(highlight.box.w * 100, 0.6)}%`,
                  height: `${Math.max(highlight.box.h * 100, 0.6)}%`,
                }}
              />
            )}
          </div>
        )}
      </div>
    </Stack>
  );
}
