FROM ruby:3.2-alpine3.19
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# eventmachine and its C++ extension
RUN apk add --no-cache build-base && \
    bundle install --without development test
COPY . .
CMD ["bundle", "exec", "thin", "start"]
