# envbranch app image. Node 20 is the major the test suite runs on (see package.json engines).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json app.yml ./
COPY app ./app
RUN npm run build

FROM node:20-bookworm-slim AS production-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=production-deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json app.yml ./
# The image's built-in unprivileged user; the app needs no write access anywhere.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/app/main.js"]
