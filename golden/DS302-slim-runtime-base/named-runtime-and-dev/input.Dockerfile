FROM ruby:3.3-bookworm AS gems
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle config set deployment true && bundle install

FROM ruby:3.3-bookworm AS runtime
WORKDIR /app
COPY --from=gems /app/vendor /app/vendor
COPY --from=gems /usr/local/bundle /usr/local/bundle
COPY . .
CMD ["bundle", "exec", "puma"]

FROM runtime AS dev
RUN bundle config unset deployment

FROM runtime
