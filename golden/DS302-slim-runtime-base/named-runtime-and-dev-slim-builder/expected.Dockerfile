FROM ruby:3.3-slim-bookworm AS gems
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle config set deployment true && bundle install

FROM ruby:3.3-slim-bookworm AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=gems /app/vendor /app/vendor
COPY --from=gems /usr/local/bundle /usr/local/bundle
COPY . .
CMD ["bundle", "exec", "puma"]

FROM runtime AS dev
RUN bundle config unset deployment

FROM runtime
