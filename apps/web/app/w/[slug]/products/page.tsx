import { ProductLibrary } from "@/features/products/product-library";

export default function ProductsPage() {
  return <ProductLibrary />;
}
