FROM ruby:3.3-alpine3.20
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# compilers for native gems
RUN apk add --no-cache build-base postgresql-dev
# ---- gems ----

# install the bundle
RUN bundle install
COPY . .
CMD ["bundle", "exec", "puma"]
