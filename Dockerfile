# Untested here: no Docker engine runs on the project's machines. Read with care before use.
# Build:  docker build -t signed-intake .
# Run:    docker compose up   (see compose.yaml)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY pipelines ./pipelines
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    INTAKE_DATA_DIR=/data \
    INTAKE_WEB__HOST=0.0.0.0 \
    INTAKE_WEB__PORT=8080
RUN groupadd --system intake && useradd --system --gid intake --home-dir /app intake \
 && mkdir -p /data && chown intake:intake /data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config.example.yaml ./config.example.yaml
COPY certs ./certs
USER intake
VOLUME ["/data"]
EXPOSE 8080
# Liveness only: /healthz does not touch Redis or the database (see docs/operations.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.INTAKE_WEB__PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/intake.js"]
CMD ["serve"]
