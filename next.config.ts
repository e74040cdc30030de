import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "@react-pdf/renderer", "@react-pdf/layout", "@react-pdf/render", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
  // TAXII 2.1 URLs end with a slash (/taxii2/api/collections/…/objects/): serve them as asked, not a redirect to the slashless path.
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
