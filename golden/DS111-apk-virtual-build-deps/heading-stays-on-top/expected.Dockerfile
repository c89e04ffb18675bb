FROM ruby:3.3-alpine3.20
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# ---- gems ----

# compilers for native gems
# install the bundle
RUN apk add --no-cache --virtual .build-deps build-base postgresql-dev && apk add --no-cache libstdc++ libgcc libpq && bundle install && apk del .build-deps
COPY . .
CMD ["bundle", "exec", "puma"]
