export { canny, type CannyOptions, type PixelImage } from "./canny";
export { compositePlacedProduct, placedProductCanny, scaleRect, type Size } from "./placed-product";
export { layoutMap, layoutRegions, type LayoutMapOptions, type LayoutRegions } from "./layout-map";
