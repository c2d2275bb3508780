import { DOCUMENT_FORMATS } from '@app/domain';
import { UNSTRUCTURED_BODY_FORMATS, essentialMediaType, mediaTypeProblem } from './media-types';

describe('level-1 body media types', () => {
  it('are the formats the engine accepts, but GIF', () => {
    expect(UNSTRUCTURED_BODY_FORMATS.map((f) => f.mediaType).sort()).toEqual(
      DOCUMENT_FORMATS.map((f) => f.mediaType)
        .filter((m) => m !== 'image/gif')
        .sort(),
    );
  });

  it('say why a GIF cannot be filed as it is', () => {
    expect(mediaTypeProblem('image/gif')).toMatch(/no XDS formatCode/);
    expect(mediaTypeProblem('application/pdf')).toBeUndefined();
  });
});

describe('essentialMediaType', () => {
  it('drops parameters and case', () => {
    expect(essentialMediaType(' Text/Plain; charset=UTF-8')).toBe('text/plain');
    expect(essentialMediaType('application/PDF')).toBe('application/pdf');
  });
});
