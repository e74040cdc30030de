import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle, and the S3 uploader
  // (loaded only when CASEBOOK_S3_BUCKET is set; Next keeps @aws-sdk/client-s3 outside already).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "@react-pdf/renderer", "@react-pdf/layout", "@react-pdf/render", "pdfkit", "@aws-sdk/lib-storage"],
  poweredByHeader: false,
  typedRoutes: false,
  // TAXII 2.1 URLs end with a slash (/taxii2/api/collections/…/objects/): serve them as asked, not a redirect to the slashless path.
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
